ALTER TABLE `requests` ADD `parcel_description` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `parcel_size_class` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `receiver_name` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `receiver_phone` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `parcel_handover` text;