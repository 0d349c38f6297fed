CREATE TABLE "tenant_template"."role_permissions" (
	"role" text PRIMARY KEY NOT NULL,
	"granted" text[] DEFAULT '{}'::text[] NOT NULL,
	"revoked" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_permissions_role_check" CHECK ("tenant_template"."role_permissions"."role" in ('COUNTRY_MANAGER','REGION_MANAGER','BRANCH_ADMIN','CONSULTANT'))
);
--> statement-breakpoint
ALTER TABLE "tenant_template"."role_permissions" ADD CONSTRAINT "role_permissions_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;