ALTER TABLE `drone_routes` ADD `max_payload_litres` real;--> statement-breakpoint
ALTER TABLE `match_runs` ADD `own_baseline_json` text;