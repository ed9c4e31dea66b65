CREATE TABLE "address_labels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"chain" text NOT NULL,
	"address" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "address_labels_label_check" CHECK (label in ('sanctioned', 'mixer', 'exchange', 'gambling', 'darknet', 'other'))
);
--> statement-breakpoint
CREATE TABLE "user_settings" (
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"risk_threshold" integer,
	"time_range_days" integer NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "user_settings_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id"),
	CONSTRAINT "user_settings_risk_threshold_check" CHECK (risk_threshold between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"chain" text NOT NULL,
	"address" text NOT NULL,
	"label" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "risk_score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "risk_flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "risk_bucket" text DEFAULT 'low' NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "ruleset_version" text;--> statement-breakpoint
ALTER TABLE "address_labels" ADD CONSTRAINT "address_labels_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_user_fk" FOREIGN KEY ("organization_id","user_id") REFERENCES "public"."users"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_user_fk" FOREIGN KEY ("organization_id","user_id") REFERENCES "public"."users"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "address_labels_unique" ON "address_labels" USING btree ("organization_id","chain","address","label");--> statement-breakpoint
CREATE INDEX "address_labels_list_idx" ON "address_labels" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "wallets_user_address_unique" ON "wallets" USING btree ("organization_id","user_id","chain","address");--> statement-breakpoint
CREATE INDEX "transactions_sender_history_idx" ON "transactions" USING btree ("organization_id","from_address","currency","chain","timestamp");--> statement-breakpoint
CREATE INDEX "transactions_recipient_idx" ON "transactions" USING btree ("organization_id","to_address","timestamp");--> statement-breakpoint
CREATE INDEX "transactions_amount_idx" ON "transactions" USING btree ("organization_id","amount","id");--> statement-breakpoint
CREATE INDEX "transactions_risk_idx" ON "transactions" USING btree ("organization_id","risk_score","id");--> statement-breakpoint
CREATE INDEX "transactions_bucket_idx" ON "transactions" USING btree ("organization_id","risk_bucket","timestamp","id");--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_category_check" CHECK (category in ('fee', 'trade', 'income', 'transfer', 'expense', 'unknown'));--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_risk_score_check" CHECK (risk_score between 0 and 10000);--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_risk_bucket_check" CHECK (risk_bucket in ('low', 'medium', 'high'));