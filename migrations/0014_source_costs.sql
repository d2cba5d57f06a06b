CREATE TABLE `source_costs` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`month` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`updated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "source_costs_amount_check" CHECK(amount_minor >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_costs_source_month_unique` ON `source_costs` (`source_id`,`month`);