CREATE TABLE "sender_amount_buckets" (
	"organization_id" uuid NOT NULL,
	"from_address" text NOT NULL,
	"currency" text NOT NULL,
	"chain" text NOT NULL,
	"bucket" text NOT NULL,
	"row_count" integer NOT NULL,
	"min_amount" numeric NOT NULL,
	"max_amount" numeric NOT NULL,
	CONSTRAINT "sender_amount_buckets_organization_id_from_address_currency_chain_bucket_pk" PRIMARY KEY("organization_id","from_address","currency","chain","bucket")
);
--> statement-breakpoint
CREATE INDEX "transactions_sender_amount_idx" ON "transactions" USING btree ("organization_id","from_address","currency","chain","amount","timestamp");--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate functions or triggers). Each row is counted
-- twice: in its fine bucket ('f' and its sort key — 'p', 20 integer and 18 fraction digits; 'n'
-- for negatives — up to the second significant digit) and in its coarse one ('c', up to the
-- first), as on SQLite; history-buckets.ts reads the amount ranges back from the keys.
CREATE FUNCTION klerno_amount_bucket(amount numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN amount < 0 THEN 'n'
		ELSE left(k, least(39, 41 - length(ltrim(substr(k, 2), '0')))) END
	FROM (SELECT 'p' || lpad(trunc(amount)::text, 20, '0')
		|| rpad(split_part(amount::text, '.', 2), 18, '0') AS k) AS key
$$;
--> statement-breakpoint
CREATE FUNCTION klerno_amount_coarse_bucket(amount numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT left(fine, greatest(length(fine) - 1, 1)) FROM (SELECT klerno_amount_bucket(amount) AS fine) AS f
$$;
--> statement-breakpoint
-- Statement triggers: one aggregated upsert per statement, however many rows it wrote. Keys are
-- written in order, so concurrent ingests lock bucket rows in the same order (no deadlock).
CREATE FUNCTION transactions_sender_buckets_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "sender_amount_buckets" AS b ("organization_id", "from_address", "currency", "chain", "bucket", "row_count", "min_amount", "max_amount")
	SELECT * FROM (SELECT s."organization_id", s."from_address", s."currency", s."chain", 'f' || klerno_amount_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM new_rows AS s GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT s."organization_id", s."from_address", s."currency", s."chain", 'c' || klerno_amount_coarse_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM new_rows AS s GROUP BY 1, 2, 3, 4, 5) AS counted ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT ("organization_id", "from_address", "currency", "chain", "bucket") DO UPDATE SET
		"row_count" = b."row_count" + excluded."row_count",
		"min_amount" = least(b."min_amount", excluded."min_amount"),
		"max_amount" = greatest(b."max_amount", excluded."max_amount");
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION transactions_sender_buckets_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "sender_amount_buckets" AS b SET "row_count" = b."row_count" - gone.n
	FROM (SELECT * FROM (SELECT s."organization_id", s."from_address", s."currency", s."chain", 'f' || klerno_amount_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM old_rows AS s GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT s."organization_id", s."from_address", s."currency", s."chain", 'c' || klerno_amount_coarse_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM old_rows AS s GROUP BY 1, 2, 3, 4, 5) AS counted(organization_id, from_address, currency, chain, bucket, n, low, high) ORDER BY 1, 2, 3, 4, 5) AS gone
	WHERE b."organization_id" = gone.organization_id AND b."from_address" = gone.from_address
		AND b."currency" = gone.currency AND b."chain" = gone.chain AND b."bucket" = gone.bucket;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- An UPDATE moves a row between buckets only when one of these columns changed; re-scoring
-- changes none of them, so it costs a join and writes nothing.
CREATE FUNCTION transactions_sender_buckets_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "sender_amount_buckets" AS b SET "row_count" = b."row_count" - gone.n
	FROM (SELECT * FROM (SELECT s."organization_id", s."from_address", s."currency", s."chain", 'f' || klerno_amount_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM old_rows AS s JOIN new_rows n ON n."id" = s."id" WHERE (s."organization_id", s."from_address", s."currency", s."chain", s."amount") IS DISTINCT FROM (n."organization_id", n."from_address", n."currency", n."chain", n."amount") GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT s."organization_id", s."from_address", s."currency", s."chain", 'c' || klerno_amount_coarse_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM old_rows AS s JOIN new_rows n ON n."id" = s."id" WHERE (s."organization_id", s."from_address", s."currency", s."chain", s."amount") IS DISTINCT FROM (n."organization_id", n."from_address", n."currency", n."chain", n."amount") GROUP BY 1, 2, 3, 4, 5) AS counted(organization_id, from_address, currency, chain, bucket, n, low, high) ORDER BY 1, 2, 3, 4, 5) AS gone
	WHERE b."organization_id" = gone.organization_id AND b."from_address" = gone.from_address
		AND b."currency" = gone.currency AND b."chain" = gone.chain AND b."bucket" = gone.bucket;
	INSERT INTO "sender_amount_buckets" AS b ("organization_id", "from_address", "currency", "chain", "bucket", "row_count", "min_amount", "max_amount")
	SELECT * FROM (SELECT s."organization_id", s."from_address", s."currency", s."chain", 'f' || klerno_amount_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM new_rows AS s JOIN old_rows o ON o."id" = s."id" WHERE (s."organization_id", s."from_address", s."currency", s."chain", s."amount") IS DISTINCT FROM (o."organization_id", o."from_address", o."currency", o."chain", o."amount") GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT s."organization_id", s."from_address", s."currency", s."chain", 'c' || klerno_amount_coarse_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM new_rows AS s JOIN old_rows o ON o."id" = s."id" WHERE (s."organization_id", s."from_address", s."currency", s."chain", s."amount") IS DISTINCT FROM (o."organization_id", o."from_address", o."currency", o."chain", o."amount") GROUP BY 1, 2, 3, 4, 5) AS counted ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT ("organization_id", "from_address", "currency", "chain", "bucket") DO UPDATE SET
		"row_count" = b."row_count" + excluded."row_count",
		"min_amount" = least(b."min_amount", excluded."min_amount"),
		"max_amount" = greatest(b."max_amount", excluded."max_amount");
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_sender_buckets_insert AFTER INSERT ON "transactions"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transactions_sender_buckets_add();
--> statement-breakpoint
CREATE TRIGGER transactions_sender_buckets_delete AFTER DELETE ON "transactions"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transactions_sender_buckets_remove();
--> statement-breakpoint
CREATE TRIGGER transactions_sender_buckets_update AFTER UPDATE ON "transactions"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transactions_sender_buckets_move();
--> statement-breakpoint
INSERT INTO "sender_amount_buckets" ("organization_id", "from_address", "currency", "chain", "bucket", "row_count", "min_amount", "max_amount")
SELECT s."organization_id", s."from_address", s."currency", s."chain", 'f' || klerno_amount_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM "transactions" AS s GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT s."organization_id", s."from_address", s."currency", s."chain", 'c' || klerno_amount_coarse_bucket(s."amount"), count(*), min(s."amount"), max(s."amount")
	FROM "transactions" AS s GROUP BY 1, 2, 3, 4, 5;
