ALTER TABLE `clients` ADD `lead_received_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `first_call_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `first_email_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `first_meeting_at` integer;--> statement-breakpoint
CREATE INDEX `clients_sla_idx` ON `clients` (`created_at`,`owner_user_id`,`origin_source_id`,`lead_received_at`,`first_call_at`,`first_email_at`,`first_meeting_at`,`deleted_at`);