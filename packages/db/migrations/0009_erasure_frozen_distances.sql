ALTER TABLE `plan_stops` ADD `from_previous_m` real;--> statement-breakpoint
ALTER TABLE `requests` ADD `direct_m` real;