-- The response-time report reads these from the client row instead of searching activities per client.
-- Kept by triggers on activities (so sync and import keep them too); the earliest done time of each kind wins.
UPDATE `clients` SET
	first_call_at = (SELECT min(done_at) FROM activities a WHERE a.client_id = clients.id AND a.state = 'done' AND a.type = 'phone'),
	first_email_at = (SELECT min(done_at) FROM activities a WHERE a.client_id = clients.id AND a.state = 'done' AND a.type = 'email'),
	first_meeting_at = (SELECT min(done_at) FROM activities a WHERE a.client_id = clients.id AND a.state = 'done' AND a.type = 'meeting'),
	lead_received_at = (SELECT l.received_at FROM lead_client_links k JOIN leads l ON l.id = k.lead_id
		WHERE k.client_id = clients.id AND k.kind = 'converted' AND k.unlinked_at IS NULL ORDER BY k.linked_at LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER `activities_first_contact_insert` AFTER INSERT ON `activities` WHEN new.state = 'done' AND new.type IN ('phone', 'email', 'meeting') BEGIN
	UPDATE `clients` SET
		first_call_at = CASE WHEN new.type = 'phone' THEN min(coalesce(first_call_at, new.done_at), new.done_at) ELSE first_call_at END,
		first_email_at = CASE WHEN new.type = 'email' THEN min(coalesce(first_email_at, new.done_at), new.done_at) ELSE first_email_at END,
		first_meeting_at = CASE WHEN new.type = 'meeting' THEN min(coalesce(first_meeting_at, new.done_at), new.done_at) ELSE first_meeting_at END
	WHERE id = new.client_id;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_first_contact_update` AFTER UPDATE OF state, done_at ON `activities` WHEN new.state = 'done' AND new.type IN ('phone', 'email', 'meeting') BEGIN
	UPDATE `clients` SET
		first_call_at = CASE WHEN new.type = 'phone' THEN min(coalesce(first_call_at, new.done_at), new.done_at) ELSE first_call_at END,
		first_email_at = CASE WHEN new.type = 'email' THEN min(coalesce(first_email_at, new.done_at), new.done_at) ELSE first_email_at END,
		first_meeting_at = CASE WHEN new.type = 'meeting' THEN min(coalesce(first_meeting_at, new.done_at), new.done_at) ELSE first_meeting_at END
	WHERE id = new.client_id;
END;
--> statement-breakpoint
CREATE TRIGGER `links_lead_received_insert` AFTER INSERT ON `lead_client_links` WHEN new.kind = 'converted' AND new.unlinked_at IS NULL BEGIN
	UPDATE `clients` SET lead_received_at = (SELECT received_at FROM leads WHERE id = new.lead_id)
	WHERE id = new.client_id AND lead_received_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `links_lead_received_unlink` AFTER UPDATE OF unlinked_at ON `lead_client_links` WHEN new.kind = 'converted' AND new.unlinked_at IS NOT NULL BEGIN
	UPDATE `clients` SET lead_received_at = NULL WHERE id = new.client_id;
END;
