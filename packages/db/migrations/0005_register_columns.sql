ALTER TABLE `places` ADD `address` text;--> statement-breakpoint
ALTER TABLE `places` ADD `hours` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `residents` ADD `care_level` text;