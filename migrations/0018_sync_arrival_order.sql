-- Sync brings rows in the office's order, and takes refused ones back: a client can arrive after the lead converted
-- into it, and a converting link can disappear. Keep the client's lead-received time and the report's conversions
-- right in both cases (the triggers of 0013 and 0015 cover only links arriving and leads changing).
CREATE TRIGGER `clients_origin_insert` AFTER INSERT ON `clients` BEGIN
	UPDATE clients SET lead_received_at = (SELECT l.received_at FROM lead_client_links k JOIN leads l ON l.id = k.lead_id
		WHERE k.client_id = new.id AND k.kind = 'converted' AND k.unlinked_at IS NULL ORDER BY k.linked_at LIMIT 1)
	WHERE id = new.id AND lead_received_at IS NULL;
	INSERT OR IGNORE INTO lead_conversions (lead_id, client_id, day, source_id, investment_key, assignee_key, received_at, minutes, meeting, reserved, won)
		SELECT l.id, l.client_id, coalesce((SELECT day FROM office_days WHERE start_at <= l.received_at ORDER BY start_at DESC LIMIT 1), 0),
			l.source_id, coalesce(l.investment_id, ''), coalesce(l.assignee_user_id, ''), l.received_at,
			max(0, (o.created_at - l.received_at) / 60000), o.meeting, o.reserved, o.won
		FROM leads l JOIN client_outcomes o ON o.client_id = l.client_id
		WHERE l.client_id = new.id AND l.status = 'converted';
END;
--> statement-breakpoint
CREATE TRIGGER `links_lead_received_delete` AFTER DELETE ON `lead_client_links` WHEN old.kind = 'converted' BEGIN
	UPDATE clients SET lead_received_at = (SELECT l.received_at FROM lead_client_links k JOIN leads l ON l.id = k.lead_id
		WHERE k.client_id = old.client_id AND k.kind = 'converted' AND k.unlinked_at IS NULL ORDER BY k.linked_at LIMIT 1)
	WHERE id = old.client_id;
END;
