ALTER TABLE `drivers` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `drone_ports` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drone_ports` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `drone_routes` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `drone_routes` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `hubs` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `hubs` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `residents` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `residents` ADD `archived_reason` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `archived_reason` text;