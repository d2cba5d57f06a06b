DROP INDEX `leads_status_source_received_idx`;--> statement-breakpoint
DROP INDEX `leads_status_investment_received_idx`;--> statement-breakpoint
CREATE INDEX `leads_status_source_received_idx` ON `leads` (`status`,`source_id`,`received_at`,`id`,`assignee_user_id`);--> statement-breakpoint
CREATE INDEX `leads_status_investment_received_idx` ON `leads` (`status`,`investment_id`,`received_at`,`id`,`assignee_user_id`);