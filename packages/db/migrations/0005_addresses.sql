ALTER TABLE `places` ADD `address` text;--> statement-breakpoint
ALTER TABLE `residents` ADD `address` text;