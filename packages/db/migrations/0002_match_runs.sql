CREATE TABLE `match_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_code` text NOT NULL,
	`date` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`time_limit_seconds` integer NOT NULL,
	`progress` text,
	`summary` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`problem_json` text,
	`plan_json` text,
	`superseded_by` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `match_runs_municipality_date` ON `match_runs` (`municipality_code`,`date`);--> statement-breakpoint
CREATE INDEX `match_runs_status` ON `match_runs` (`status`,`lease_expires_at`);--> statement-breakpoint
CREATE TABLE `plan_legs` (
	`run_id` text NOT NULL,
	`municipality_code` text NOT NULL,
	`request_id` text NOT NULL,
	`leg_index` integer NOT NULL,
	`mode` text NOT NULL,
	`vehicle_id` text,
	`shift` integer,
	`trip_id` text,
	`drone_route_id` text,
	`label` text NOT NULL,
	`from_lat` real NOT NULL,
	`from_lon` real NOT NULL,
	`from_name` text,
	`to_lat` real NOT NULL,
	`to_lon` real NOT NULL,
	`to_name` text,
	`departure_sec` integer NOT NULL,
	`arrival_sec` integer NOT NULL,
	PRIMARY KEY(`run_id`, `request_id`, `leg_index`),
	FOREIGN KEY (`run_id`) REFERENCES `match_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_legs_request` ON `plan_legs` (`request_id`);--> statement-breakpoint
CREATE TABLE `plan_routes` (
	`run_id` text NOT NULL,
	`municipality_code` text NOT NULL,
	`vehicle_id` text NOT NULL,
	`shift` integer NOT NULL,
	`distance_m` real NOT NULL,
	`approved_at` text,
	`approved_by` text,
	PRIMARY KEY(`run_id`, `vehicle_id`, `shift`),
	FOREIGN KEY (`run_id`) REFERENCES `match_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_stops` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`municipality_code` text NOT NULL,
	`vehicle_id` text NOT NULL,
	`shift` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`request_id` text,
	`leg_index` integer,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`name` text,
	`arrival_sec` integer NOT NULL,
	`departure_sec` integer NOT NULL,
	`load` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`status_at` text,
	`status_by` text,
	FOREIGN KEY (`run_id`) REFERENCES `match_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_stops_route` ON `plan_stops` (`run_id`,`vehicle_id`,`shift`,`seq`);--> statement-breakpoint
CREATE INDEX `plan_stops_request` ON `plan_stops` (`request_id`);--> statement-breakpoint
CREATE TABLE `plan_unassigned` (
	`run_id` text NOT NULL,
	`municipality_code` text NOT NULL,
	`request_id` text NOT NULL,
	`code` text NOT NULL,
	`details` text NOT NULL,
	`relaxation` text,
	PRIMARY KEY(`run_id`, `request_id`),
	FOREIGN KEY (`run_id`) REFERENCES `match_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `gtfs_feeds` ADD `service` text DEFAULT 'route_bus' NOT NULL;