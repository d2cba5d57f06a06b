-- Source-effectiveness reports read counts kept by triggers instead of grouping a million leads.
-- office_days holds the local midnights of the office's time zone (yyyymmdd per day), written by the app
-- (src-main/reports/report-calendar.ts) which also fills the tables below from the leads once it knows the zone.
-- Cells count leads per local day (and month) by source, investment, assignee, status and deletion reason ('' for
-- none); lead_conversions holds one row per converted lead with its client's outcome, for rates and medians.
CREATE TABLE `office_days` (
	`start_at` integer PRIMARY KEY NOT NULL,
	`day` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `office_days_day_idx` ON `office_days` (`day`);
--> statement-breakpoint
CREATE TABLE `office_calendar` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`time_zone` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lead_day_cells` (
	`day` integer NOT NULL,
	`source_id` text NOT NULL,
	`investment_key` text NOT NULL,
	`assignee_key` text NOT NULL,
	`status` text NOT NULL,
	`reason_key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`day`, `source_id`, `investment_key`, `assignee_key`, `status`, `reason_key`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `lead_month_cells` (
	`month` integer NOT NULL,
	`source_id` text NOT NULL,
	`investment_key` text NOT NULL,
	`assignee_key` text NOT NULL,
	`status` text NOT NULL,
	`reason_key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`month`, `source_id`, `investment_key`, `assignee_key`, `status`, `reason_key`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `lead_conversions` (
	`lead_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`day` integer NOT NULL,
	`source_id` text NOT NULL,
	`investment_key` text NOT NULL,
	`assignee_key` text NOT NULL,
	`received_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`meeting` integer NOT NULL,
	`reserved` integer NOT NULL,
	`won` integer NOT NULL
);
--> statement-breakpoint
-- The reports read one source at a time, numbers only: source first makes each read one range of this covering index.
CREATE INDEX `lead_conversions_source_idx` ON `lead_conversions` (`source_id`, `day`, `investment_key`, `assignee_key`, `minutes`, `meeting`, `reserved`, `won`);
--> statement-breakpoint
CREATE INDEX `lead_conversions_client_idx` ON `lead_conversions` (`client_id`);
--> statement-breakpoint
-- How far a client got: a stage counts as reached when its activity is done or the pipeline says so.
CREATE VIEW `client_outcomes` AS SELECT c.id AS client_id, c.created_at,
	c.first_meeting_at IS NOT NULL AS meeting,
	(c.stage IN ('reservation', 'won') OR EXISTS (SELECT 1 FROM activities a WHERE a.client_id = c.id AND a.state = 'done' AND a.type IN ('oral_reservation', 'contract'))) AS reserved,
	(c.stage = 'won' OR EXISTS (SELECT 1 FROM activities a WHERE a.client_id = c.id AND a.state = 'done' AND a.type = 'contract')) AS won
	FROM clients c;
--> statement-breakpoint
CREATE TRIGGER `leads_report_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO lead_day_cells VALUES (coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0), new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''), new.status, coalesce(new.deletion_reason_id, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO lead_month_cells VALUES (coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0) / 100, new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''), new.status, coalesce(new.deletion_reason_id, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO lead_conversions SELECT new.id, new.client_id, coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0), new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''),
		new.received_at, max(0, (o.created_at - new.received_at) / 60000), o.meeting, o.reserved, o.won
		FROM client_outcomes o WHERE new.status = 'converted' AND o.client_id = new.client_id;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_report_update` AFTER UPDATE OF received_at, source_id, investment_id, assignee_user_id, status, deletion_reason_id, client_id ON `leads` BEGIN
	UPDATE lead_day_cells SET n = n - 1 WHERE day = coalesce((SELECT day FROM office_days WHERE start_at <= old.received_at ORDER BY start_at DESC LIMIT 1), 0) AND source_id = old.source_id AND investment_key = coalesce(old.investment_id, '') AND assignee_key = coalesce(old.assignee_user_id, '') AND status = old.status AND reason_key = coalesce(old.deletion_reason_id, '');
	UPDATE lead_month_cells SET n = n - 1 WHERE month = coalesce((SELECT day FROM office_days WHERE start_at <= old.received_at ORDER BY start_at DESC LIMIT 1), 0) / 100 AND source_id = old.source_id AND investment_key = coalesce(old.investment_id, '') AND assignee_key = coalesce(old.assignee_user_id, '') AND status = old.status AND reason_key = coalesce(old.deletion_reason_id, '');
	DELETE FROM lead_conversions WHERE lead_id = old.id;
	INSERT INTO lead_day_cells VALUES (coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0), new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''), new.status, coalesce(new.deletion_reason_id, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO lead_month_cells VALUES (coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0) / 100, new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''), new.status, coalesce(new.deletion_reason_id, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO lead_conversions SELECT new.id, new.client_id, coalesce((SELECT day FROM office_days WHERE start_at <= new.received_at ORDER BY start_at DESC LIMIT 1), 0), new.source_id, coalesce(new.investment_id, ''), coalesce(new.assignee_user_id, ''),
		new.received_at, max(0, (o.created_at - new.received_at) / 60000), o.meeting, o.reserved, o.won
		FROM client_outcomes o WHERE new.status = 'converted' AND o.client_id = new.client_id;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_report_delete` AFTER DELETE ON `leads` BEGIN
	UPDATE lead_day_cells SET n = n - 1 WHERE day = coalesce((SELECT day FROM office_days WHERE start_at <= old.received_at ORDER BY start_at DESC LIMIT 1), 0) AND source_id = old.source_id AND investment_key = coalesce(old.investment_id, '') AND assignee_key = coalesce(old.assignee_user_id, '') AND status = old.status AND reason_key = coalesce(old.deletion_reason_id, '');
	UPDATE lead_month_cells SET n = n - 1 WHERE month = coalesce((SELECT day FROM office_days WHERE start_at <= old.received_at ORDER BY start_at DESC LIMIT 1), 0) / 100 AND source_id = old.source_id AND investment_key = coalesce(old.investment_id, '') AND assignee_key = coalesce(old.assignee_user_id, '') AND status = old.status AND reason_key = coalesce(old.deletion_reason_id, '');
	DELETE FROM lead_conversions WHERE lead_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `clients_report_outcome` AFTER UPDATE OF stage, created_at, first_meeting_at ON `clients` BEGIN
	UPDATE lead_conversions SET minutes = max(0, (o.created_at - lead_conversions.received_at) / 60000), meeting = o.meeting, reserved = o.reserved, won = o.won
		FROM client_outcomes o WHERE o.client_id = new.id AND lead_conversions.client_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_report_outcome_insert` AFTER INSERT ON `activities` WHEN new.state = 'done' AND new.type IN ('oral_reservation', 'contract') BEGIN
	UPDATE lead_conversions SET minutes = max(0, (o.created_at - lead_conversions.received_at) / 60000), meeting = o.meeting, reserved = o.reserved, won = o.won
		FROM client_outcomes o WHERE o.client_id = new.client_id AND lead_conversions.client_id = new.client_id;
END;
--> statement-breakpoint
-- An activity that stops counting (changed by sync, or removed) recounts both its old and its new client.
CREATE TRIGGER `activities_report_outcome_update` AFTER UPDATE OF state, type, client_id ON `activities`
	WHEN (new.state = 'done' AND new.type IN ('oral_reservation', 'contract')) OR (old.state = 'done' AND old.type IN ('oral_reservation', 'contract')) BEGIN
	UPDATE lead_conversions SET minutes = max(0, (o.created_at - lead_conversions.received_at) / 60000), meeting = o.meeting, reserved = o.reserved, won = o.won
		FROM client_outcomes o WHERE o.client_id = old.client_id AND lead_conversions.client_id = old.client_id;
	UPDATE lead_conversions SET minutes = max(0, (o.created_at - lead_conversions.received_at) / 60000), meeting = o.meeting, reserved = o.reserved, won = o.won
		FROM client_outcomes o WHERE o.client_id = new.client_id AND lead_conversions.client_id = new.client_id;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_report_outcome_delete` AFTER DELETE ON `activities` WHEN old.state = 'done' AND old.type IN ('oral_reservation', 'contract') BEGIN
	UPDATE lead_conversions SET minutes = max(0, (o.created_at - lead_conversions.received_at) / 60000), meeting = o.meeting, reserved = o.reserved, won = o.won
		FROM client_outcomes o WHERE o.client_id = old.client_id AND lead_conversions.client_id = old.client_id;
END;
