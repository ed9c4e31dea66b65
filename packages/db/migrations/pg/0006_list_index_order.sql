-- The list indexes were DESC NULLS LAST, which serves neither ORDER BY ... DESC (NULLS FIRST by
-- default) nor ASC: PostgreSQL sorted every row of the organization for each page. Plain ascending
-- indexes serve both directions (scanned backward for DESC).
DROP INDEX "api_keys_organization_list_idx";--> statement-breakpoint
DROP INDEX "invitations_organization_list_idx";--> statement-breakpoint
DROP INDEX "transactions_organization_list_idx";--> statement-breakpoint
CREATE INDEX "api_keys_organization_list_idx" ON "api_keys" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invitations_organization_list_idx" ON "invitations" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "transactions_organization_list_idx" ON "transactions" USING btree ("organization_id","timestamp","id");