CREATE TABLE `driver_vehicles` (
	`driver_id` text NOT NULL,
	`vehicle_id` text NOT NULL,
	PRIMARY KEY(`driver_id`, `vehicle_id`),
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `driver_vehicles_vehicle` ON `driver_vehicles` (`vehicle_id`);--> statement-breakpoint
CREATE TABLE `drivers` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`organisation_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_kana` text,
	`availability` text DEFAULT '[]' NOT NULL,
	`availability_exceptions` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drivers_municipality` ON `drivers` (`municipality_code`);--> statement-breakpoint
CREATE TABLE `drone_ports` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`name` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`place_id` text,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drone_route_suspensions` (
	`municipality_code` text NOT NULL,
	`route_id` text NOT NULL,
	`date` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`route_id`, `date`),
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_id`) REFERENCES `drone_routes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drone_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`from_port_id` text NOT NULL,
	`to_port_id` text NOT NULL,
	`max_payload_kg` real NOT NULL,
	`range_km` real NOT NULL,
	`operating_from` text NOT NULL,
	`operating_to` text NOT NULL,
	`days` text DEFAULT '[1,2,3,4,5]' NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_port_id`) REFERENCES `drone_ports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_port_id`) REFERENCES `drone_ports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `gtfs_calendar_dates` (
	`feed_id` text NOT NULL,
	`service_id` text NOT NULL,
	`date` text NOT NULL,
	`exception_type` integer NOT NULL,
	PRIMARY KEY(`feed_id`, `service_id`, `date`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gtfs_calendars` (
	`feed_id` text NOT NULL,
	`service_id` text NOT NULL,
	`weekdays` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	PRIMARY KEY(`feed_id`, `service_id`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gtfs_feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`name` text NOT NULL,
	`version` text,
	`start_date` text,
	`end_date` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gtfs_feeds_name` ON `gtfs_feeds` (`municipality_code`,`name`);--> statement-breakpoint
CREATE TABLE `gtfs_routes` (
	`feed_id` text NOT NULL,
	`route_id` text NOT NULL,
	`agency_id` text,
	`short_name` text,
	`long_name` text,
	`route_type` integer NOT NULL,
	`color` text,
	PRIMARY KEY(`feed_id`, `route_id`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gtfs_stop_times` (
	`feed_id` text NOT NULL,
	`trip_id` text NOT NULL,
	`stop_sequence` integer NOT NULL,
	`stop_id` text NOT NULL,
	`arrival_sec` integer,
	`departure_sec` integer,
	`pickup_type` integer DEFAULT 0 NOT NULL,
	`drop_off_type` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`feed_id`, `trip_id`, `stop_sequence`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stop_times_stop` ON `gtfs_stop_times` (`feed_id`,`stop_id`);--> statement-breakpoint
CREATE TABLE `gtfs_stops` (
	`feed_id` text NOT NULL,
	`stop_id` text NOT NULL,
	`name` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`location_type` integer DEFAULT 0 NOT NULL,
	`parent_station` text,
	PRIMARY KEY(`feed_id`, `stop_id`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gtfs_trips` (
	`feed_id` text NOT NULL,
	`trip_id` text NOT NULL,
	`route_id` text NOT NULL,
	`service_id` text NOT NULL,
	`headsign` text,
	`direction_id` integer,
	`spare_seats` integer DEFAULT 0 NOT NULL,
	`spare_cargo_kg` real DEFAULT 0 NOT NULL,
	`spare_cargo_litres` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`feed_id`, `trip_id`),
	FOREIGN KEY (`feed_id`) REFERENCES `gtfs_feeds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hubs` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`place_id` text NOT NULL,
	`opens_at` text NOT NULL,
	`closes_at` text NOT NULL,
	`min_transfer_minutes` integer NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`municipality_code` text NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`municipality_code`, `key`),
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mesh_cells` (
	`municipality_code` text NOT NULL,
	`code` text NOT NULL,
	`population` integer NOT NULL,
	`aged_65_plus` integer NOT NULL,
	`aged_75_plus` integer NOT NULL,
	`households` integer NOT NULL,
	PRIMARY KEY(`municipality_code`, `code`),
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `municipalities` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_kana` text,
	`name_en` text,
	`prefecture` text NOT NULL,
	`fictional` integer DEFAULT false NOT NULL,
	`centre_lat` real NOT NULL,
	`centre_lon` real NOT NULL,
	`boundary_geojson` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_kana` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisations_municipality` ON `organisations` (`municipality_code`);--> statement-breakpoint
CREATE TABLE `places` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`organisation_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `places_municipality` ON `places` (`municipality_code`);--> statement-breakpoint
CREATE TABLE `request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_code` text NOT NULL,
	`request_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_events_request` ON `request_events` (`request_id`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`resident_id` text,
	`kind` text NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`status_reason` text,
	`date` text NOT NULL,
	`purpose` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`pickup_lat` real NOT NULL,
	`pickup_lon` real NOT NULL,
	`pickup_place_id` text,
	`pickup_home` integer DEFAULT false NOT NULL,
	`dropoff_lat` real NOT NULL,
	`dropoff_lon` real NOT NULL,
	`dropoff_place_id` text,
	`dropoff_home` integer DEFAULT false NOT NULL,
	`earliest` text NOT NULL,
	`latest` text NOT NULL,
	`passengers` integer DEFAULT 0 NOT NULL,
	`wheelchair` integer DEFAULT false NOT NULL,
	`escort` integer DEFAULT false NOT NULL,
	`weight_kg` real DEFAULT 0 NOT NULL,
	`size_litres` real DEFAULT 0 NOT NULL,
	`cold` integer DEFAULT false NOT NULL,
	`source` text DEFAULT 'staff' NOT NULL,
	`notes` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `requests_municipality_date` ON `requests` (`municipality_code`,`date`,`status`);--> statement-breakpoint
CREATE TABLE `residents` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`name` text,
	`name_kana` text,
	`lat` real,
	`lon` real,
	`birth_year` integer,
	`wheelchair` integer DEFAULT false NOT NULL,
	`escort` integer DEFAULT false NOT NULL,
	`max_walk_m` integer DEFAULT 300 NOT NULL,
	`phone` text,
	`consent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `residents_municipality` ON `residents` (`municipality_code`);--> statement-breakpoint
CREATE TABLE `vehicles` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`organisation_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`seats` integer DEFAULT 0 NOT NULL,
	`wheelchairs` integer DEFAULT 0 NOT NULL,
	`cargo_kg` real DEFAULT 0 NOT NULL,
	`cargo_litres` real DEFAULT 0 NOT NULL,
	`features` text DEFAULT '[]' NOT NULL,
	`fuel` text NOT NULL,
	`km_per_litre` real,
	`kwh_per_km` real,
	`payload_kg` real,
	`depot_place_id` text,
	`availability` text DEFAULT '[]' NOT NULL,
	`availability_exceptions` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`depot_place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vehicles_municipality` ON `vehicles` (`municipality_code`);