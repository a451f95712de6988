CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`municipality_code` text,
	`user_id` text,
	`token_hash` text,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_status` ON `mail_outbox` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `municipalities` ADD `preset` text DEFAULT 'rural' NOT NULL;--> statement-breakpoint
ALTER TABLE `municipalities` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `password_resets` ADD `purpose` text DEFAULT 'reset' NOT NULL;--> statement-breakpoint
ALTER TABLE `password_resets` ADD `revoked_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `awaiting_password` integer DEFAULT false NOT NULL;