CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`lead_id` text,
	`client_id` text,
	`read_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `clients` ADD `first_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `last_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `email_key` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `phone_tail` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `name_k1` text GENERATED ALWAYS AS (case when first_key <> '' and last_key <> '' then substr(last_key, 1, 3) || '|' || substr(first_key, 1, 1) end) VIRTUAL;--> statement-breakpoint
ALTER TABLE `clients` ADD `name_k2` text GENERATED ALWAYS AS (case when first_key <> '' and last_key <> '' then substr(first_key, 1, 3) || '|' || substr(last_key, 1, 1) end) VIRTUAL;--> statement-breakpoint
ALTER TABLE `clients` ADD `name_k3` text GENERATED ALWAYS AS (case when first_key <> '' and last_key <> '' then substr(last_key, -4) || '|' || substr(first_key, 1, 2) end) VIRTUAL;--> statement-breakpoint
CREATE INDEX `clients_email_key_idx` ON `clients` (`email_key`);--> statement-breakpoint
CREATE INDEX `clients_phone_tail_idx` ON `clients` (`phone_tail`);--> statement-breakpoint
CREATE INDEX `clients_name_k1_idx` ON `clients` (`name_k1`);--> statement-breakpoint
CREATE INDEX `clients_name_k2_idx` ON `clients` (`name_k2`);--> statement-breakpoint
CREATE INDEX `clients_name_k3_idx` ON `clients` (`name_k3`);--> statement-breakpoint
CREATE INDEX `clients_created_idx` ON `clients` (`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `leads` ADD `email_key` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `phone_tail` text;--> statement-breakpoint
CREATE INDEX `leads_phone_tail_idx` ON `leads` (`phone_tail`);--> statement-breakpoint
CREATE INDEX `leads_email_key_idx` ON `leads` (`email_key`);