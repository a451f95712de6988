ALTER TABLE `drone_routes` ADD `max_payload_litres` real;--> statement-breakpoint
ALTER TABLE `match_runs` ADD `own_baseline_json` text;--> statement-breakpoint
ALTER TABLE `plan_stops` ADD `from_previous_m` real;--> statement-breakpoint
ALTER TABLE `requests` ADD `direct_m` real;