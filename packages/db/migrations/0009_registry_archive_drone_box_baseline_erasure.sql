ALTER TABLE `drivers` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `drone_ports` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drone_ports` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `drone_routes` ADD `max_payload_litres` real;--> statement-breakpoint
ALTER TABLE `drone_routes` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drone_routes` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `hubs` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `hubs` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `match_runs` ADD `own_baseline_json` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `plan_stops` ADD `from_previous_m` real;--> statement-breakpoint
ALTER TABLE `requests` ADD `direct_m` real;--> statement-breakpoint
ALTER TABLE `residents` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `residents` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `archived_reason` text;