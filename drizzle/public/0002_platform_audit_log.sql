CREATE TABLE "platform_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid,
	"actor_email" varchar(254) NOT NULL,
	"action" text NOT NULL,
	"target_type" varchar(40) NOT NULL,
	"target_id" uuid,
	"tenant_id" uuid,
	"tenant_slug" varchar(40),
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_audit_log_action_check" CHECK ("platform_audit_log"."action" in ('PLATFORM_ADMIN_CREATED','PLATFORM_ADMIN_DEACTIVATED','PLATFORM_ADMIN_REACTIVATED','TENANT_ADMIN_PASSWORD_RESET','TENANT_ADMIN_DEACTIVATED','TENANT_ADMIN_REACTIVATED'))
);
--> statement-breakpoint
ALTER TABLE "platform_audit_log" ADD CONSTRAINT "platform_audit_log_actor_id_platform_admins_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."platform_admins"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_audit_log_created_at_id_index" ON "platform_audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "platform_audit_log_tenant_id_created_at_index" ON "platform_audit_log" USING btree ("tenant_id","created_at");