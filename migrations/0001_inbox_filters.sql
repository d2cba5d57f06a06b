CREATE TABLE `user_preferences` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `leads_assignee_idx`;--> statement-breakpoint
CREATE INDEX `leads_status_source_received_idx` ON `leads` (`status`,`source_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_status_investment_received_idx` ON `leads` (`status`,`investment_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_status_assignee_received_idx` ON `leads` (`status`,`assignee_user_id`,`received_at`,`id`);