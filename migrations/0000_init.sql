CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`lead_id` text,
	`type` text NOT NULL,
	`state` text NOT NULL,
	`user_id` text,
	`due_at` integer,
	`done_at` integer,
	`outcome` text,
	`notes` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "activities_type_check" CHECK(type in ('phone', 'email', 'meeting', 'offer', 'oral_reservation', 'contract', 'note')),
	CONSTRAINT "activities_state_check" CHECK(state in ('planned', 'done', 'cancelled')),
	CONSTRAINT "activities_planned_check" CHECK("activities"."state" <> 'planned' or "activities"."due_at" is not null),
	CONSTRAINT "activities_done_check" CHECK("activities"."state" <> 'done' or "activities"."done_at" is not null)
);
--> statement-breakpoint
CREATE INDEX `activities_client_idx` ON `activities` (`client_id`,`done_at`);--> statement-breakpoint
CREATE INDEX `activities_user_due_idx` ON `activities` (`user_id`,`state`,`due_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`action` text NOT NULL,
	`entity` text,
	`entity_id` text,
	`details` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `change_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`data` text,
	`user_id` text,
	`at` integer NOT NULL,
	`pushed_at` integer
);
--> statement-breakpoint
CREATE INDEX `change_log_unpushed_idx` ON `change_log` (`pushed_at`,`seq`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`first_name` text,
	`last_name` text,
	`phone_raw` text,
	`phone_e164` text,
	`email` text,
	`email_normalized` text,
	`owner_user_id` text,
	`origin_source_id` text,
	`preferred_investment_id` text,
	`consent_data_processing` integer DEFAULT false NOT NULL,
	`consent_marketing_email` integer DEFAULT false NOT NULL,
	`consent_marketing_phone` integer DEFAULT false NOT NULL,
	`description` text,
	`stage` text DEFAULT 'new' NOT NULL,
	`name_search` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`preferred_investment_id`) REFERENCES `investments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clients_stage_check" CHECK(stage in ('new', 'in_progress', 'offer', 'reservation', 'won', 'lost', 'postponed'))
);
--> statement-breakpoint
CREATE INDEX `clients_phone_idx` ON `clients` (`phone_e164`);--> statement-breakpoint
CREATE INDEX `clients_email_idx` ON `clients` (`email_normalized`);--> statement-breakpoint
CREATE INDEX `clients_owner_idx` ON `clients` (`owner_user_id`);--> statement-breakpoint
CREATE TABLE `deletion_reasons` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `investments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`city` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lead_client_links` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`client_id` text NOT NULL,
	`kind` text NOT NULL,
	`linked_at` integer NOT NULL,
	`linked_by` text,
	`unlinked_at` integer,
	`unlinked_by` text,
	`unlink_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unlinked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `links_lead_idx` ON `lead_client_links` (`lead_id`);--> statement-breakpoint
CREATE INDEX `links_client_idx` ON `lead_client_links` (`client_id`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text,
	`investment_id` text,
	`assignee_user_id` text,
	`client_id` text,
	`first_name` text,
	`last_name` text,
	`phone_raw` text,
	`phone_e164` text,
	`email` text,
	`email_normalized` text,
	`message` text,
	`language` text,
	`consent_data_processing` integer DEFAULT false NOT NULL,
	`consent_marketing_email` integer DEFAULT false NOT NULL,
	`consent_marketing_phone` integer DEFAULT false NOT NULL,
	`priority` text DEFAULT 'standard' NOT NULL,
	`qualification` text,
	`deletion_reason_id` text,
	`deletion_comment` text,
	`deleted_at` integer,
	`deleted_by` text,
	`raw_payload` text,
	`name_search` text DEFAULT '' NOT NULL,
	`received_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`investment_id`) REFERENCES `investments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deletion_reason_id`) REFERENCES `deletion_reasons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "leads_status_check" CHECK(status in ('new', 'linked', 'converted', 'deleted')),
	CONSTRAINT "leads_priority_check" CHECK(priority in ('urgent', 'important', 'standard')),
	CONSTRAINT "leads_contact_check" CHECK("leads"."email" is not null or "leads"."phone_raw" is not null),
	CONSTRAINT "leads_deleted_reason_check" CHECK("leads"."status" <> 'deleted' or "leads"."deletion_reason_id" is not null),
	CONSTRAINT "leads_linked_client_check" CHECK("leads"."status" not in ('linked', 'converted') or "leads"."client_id" is not null)
);
--> statement-breakpoint
CREATE INDEX `leads_status_received_idx` ON `leads` (`status`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_received_idx` ON `leads` (`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_assignee_idx` ON `leads` (`assignee_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `leads_client_idx` ON `leads` (`client_id`);--> statement-breakpoint
CREATE INDEX `leads_phone_idx` ON `leads` (`phone_e164`);--> statement-breakpoint
CREATE INDEX `leads_email_idx` ON `leads` (`email_normalized`);--> statement-breakpoint
CREATE UNIQUE INDEX `leads_source_external_unique` ON `leads` (`source_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `permission_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`permission` text NOT NULL,
	`granted_by` text,
	`granted_at` integer NOT NULL,
	`confirmed_by_name` text NOT NULL,
	`confirmed_by_email` text NOT NULL,
	`confirmed_at` integer NOT NULL,
	`reference` text,
	`revoked_at` integer,
	`revoked_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grants_user_idx` ON `permission_grants` (`user_id`,`permission`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "sources_kind_check" CHECK(kind in ('website', 'portal', 'social', 'phone', 'walk_in', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_name_unique` ON `sources` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`ui_language` text DEFAULT 'pl' NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_role_check" CHECK(role in ('advisor', 'manager', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (lower("username"));