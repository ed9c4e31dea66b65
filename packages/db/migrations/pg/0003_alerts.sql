CREATE TABLE "alert_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"at" timestamp (3) with time zone NOT NULL,
	"details" jsonb NOT NULL,
	CONSTRAINT "alert_events_kind_check" CHECK (kind in ('created', 'assigned', 'status_changed', 'commented'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"threshold" integer NOT NULL,
	"risk_score" integer NOT NULL,
	"risk_bucket" text NOT NULL,
	"risk_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"assignee_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "alerts_organization_id_unique" UNIQUE("organization_id","id"),
	CONSTRAINT "alerts_threshold_check" CHECK (threshold between 0 and 10000),
	CONSTRAINT "alerts_risk_score_check" CHECK (risk_score between 0 and 10000),
	CONSTRAINT "alerts_risk_bucket_check" CHECK (risk_bucket in ('low', 'medium', 'high')),
	CONSTRAINT "alerts_status_check" CHECK (status in ('open', 'investigating', 'closed')),
	CONSTRAINT "alerts_outcome_check" CHECK (outcome is null or outcome in ('false_positive', 'escalated', 'reported')),
	CONSTRAINT "alerts_closed_check" CHECK ((status = 'closed') = (outcome is not null) and (status = 'closed') = (closed_at is not null)),
	CONSTRAINT "alerts_version_check" CHECK (version >= 1)
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_fk" FOREIGN KEY ("organization_id","alert_id") REFERENCES "public"."alerts"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_owner_user_fk" FOREIGN KEY ("organization_id","owner_user_id") REFERENCES "public"."users"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_assignee_fk" FOREIGN KEY ("organization_id","assignee_id") REFERENCES "public"."users"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_idx" ON "alert_events" USING btree ("organization_id","alert_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_transaction_unique" ON "alerts" USING btree ("organization_id","transaction_id");--> statement-breakpoint
CREATE INDEX "alerts_status_idx" ON "alerts" USING btree ("organization_id","status","id");--> statement-breakpoint
CREATE INDEX "alerts_assignee_idx" ON "alerts" USING btree ("organization_id","assignee_id","id");--> statement-breakpoint
CREATE INDEX "alerts_bucket_idx" ON "alerts" USING btree ("organization_id","risk_bucket","id");