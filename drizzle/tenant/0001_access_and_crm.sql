CREATE TABLE "tenant_template"."agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_name" varchar(100) NOT NULL,
	"agent_type" text DEFAULT 'SUB_AGENT' NOT NULL,
	"company_name" varchar(100) DEFAULT '' NOT NULL,
	"designation" varchar(100) DEFAULT '' NOT NULL,
	"phone_number" varchar(20) DEFAULT '' NOT NULL,
	"email" varchar(254),
	"website" varchar(200) DEFAULT '' NOT NULL,
	"invoice_to" varchar(100) DEFAULT '' NOT NULL,
	"street" varchar(100) DEFAULT '' NOT NULL,
	"suburb" varchar(100) DEFAULT '' NOT NULL,
	"state" varchar(100) DEFAULT '' NOT NULL,
	"postcode" varchar(20) DEFAULT '' NOT NULL,
	"country" varchar(2) DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "agents_type_check" CHECK ("tenant_template"."agents"."agent_type" in ('SUPER_AGENT','SUB_AGENT'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."application_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_type_id" uuid NOT NULL,
	"stage_name" varchar(100) NOT NULL,
	"position" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_stages_position_unique" UNIQUE("application_type_id","position"),
	CONSTRAINT "application_stages_position_check" CHECK ("tenant_template"."application_stages"."position" > 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."application_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(255) NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"tax_name" varchar(100) DEFAULT '' NOT NULL,
	"tax_percentage" numeric(5, 2) DEFAULT '0' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "application_types_tax_check" CHECK ("tenant_template"."application_types"."tax_percentage" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."broad_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."calendar_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"assigned_to_id" uuid,
	"hex_color" varchar(7) DEFAULT '#3788d8' NOT NULL,
	"location" varchar(255) DEFAULT '' NOT NULL,
	"branch_id" uuid,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_events_time_check" CHECK ("tenant_template"."calendar_events"."ends_at" > "tenant_template"."calendar_events"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."client_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"activity_type" text NOT NULL,
	"performed_by_id" uuid,
	"description" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"event_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_activities_type_check" CHECK ("tenant_template"."client_activities"."activity_type" in ('NOTE_ADDED','NOTE_EDITED','NOTE_DELETED','STAGE_CHANGED','ASSIGNED','PROFILE_PICTURE_UPLOADED','PASSPORT_UPDATED','PROFICIENCY_ADDED','QUALIFICATION_ADDED','VISA_APPLICATION_CREATED','COLLEGE_APPLICATION_CREATED','TASK_CREATED','TASK_COMPLETED'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"first_name" varchar(100) NOT NULL,
	"middle_name" varchar(100) DEFAULT '' NOT NULL,
	"last_name" varchar(100) DEFAULT '' NOT NULL,
	"gender" text NOT NULL,
	"dob" date,
	"phone_number" varchar(20) DEFAULT '' NOT NULL,
	"email" varchar(254) DEFAULT '' NOT NULL,
	"street" varchar(100) DEFAULT '' NOT NULL,
	"suburb" varchar(100) DEFAULT '' NOT NULL,
	"state" varchar(100) DEFAULT '' NOT NULL,
	"postcode" varchar(20) DEFAULT '' NOT NULL,
	"country" varchar(2) NOT NULL,
	"branch_id" uuid NOT NULL,
	"visa_category_id" uuid,
	"agent_id" uuid,
	"assigned_to_id" uuid,
	"stage" text DEFAULT 'LEAD' NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"referred_by" varchar(100) DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "clients_gender_check" CHECK ("tenant_template"."clients"."gender" in ('MALE','FEMALE','OTHER')),
	CONSTRAINT "clients_stage_check" CHECK ("tenant_template"."clients"."stage" in ('LEAD','FOLLOW_UP','CLIENT','CLOSE'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."college_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_type_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"institute_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"intake_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"finish_date" date,
	"total_tuition_fee" numeric(12, 2) NOT NULL,
	"student_id" varchar(100) DEFAULT '' NOT NULL,
	"super_agent_id" uuid,
	"sub_agent_id" uuid,
	"assigned_to_id" uuid,
	"notes" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "college_applications_fee_check" CHECK ("tenant_template"."college_applications"."total_tuition_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."course_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"institute_id" uuid NOT NULL,
	"level_id" uuid NOT NULL,
	"broad_field_id" uuid NOT NULL,
	"narrow_field_id" uuid NOT NULL,
	"total_tuition_fee" numeric(12, 2) NOT NULL,
	"coe_fee" numeric(12, 2) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "courses_fees_check" CHECK ("tenant_template"."courses"."total_tuition_fee" >= 0 and "tenant_template"."courses"."coe_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."employments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"employer_name" varchar(200) NOT NULL,
	"position" varchar(200) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"country" varchar(2) NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employments_dates_check" CHECK ("tenant_template"."employments"."end_date" is null or "tenant_template"."employments"."end_date" >= "tenant_template"."employments"."start_date")
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."institute_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institute_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"gender" text,
	"position" varchar(100) DEFAULT '' NOT NULL,
	"phone" varchar(20) DEFAULT '' NOT NULL,
	"email" varchar(254) DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."institute_intakes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institute_id" uuid NOT NULL,
	"intake_date" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."institute_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institute_id" uuid NOT NULL,
	"street_name" varchar(100) DEFAULT '' NOT NULL,
	"suburb" varchar(100) DEFAULT '' NOT NULL,
	"state" varchar(50) NOT NULL,
	"postcode" varchar(20) DEFAULT '' NOT NULL,
	"country" varchar(2) NOT NULL,
	"phone_number" varchar(20) DEFAULT '' NOT NULL,
	"email" varchar(254) DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."institute_requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institute_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"requirement_type" text DEFAULT 'OTHER' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "institute_requirements_type_check" CHECK ("tenant_template"."institute_requirements"."requirement_type" in ('ACADEMIC','LANGUAGE','FINANCIAL','DOCUMENT','OTHER'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."institutes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"short_name" varchar(20) NOT NULL,
	"phone" varchar(20) DEFAULT '' NOT NULL,
	"website" varchar(200) DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."language_exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"validity_term" smallint DEFAULT 0 NOT NULL,
	"min_score" numeric(5, 1) DEFAULT '0' NOT NULL,
	"max_score" numeric(5, 1) DEFAULT '9' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "language_exams_range_check" CHECK ("tenant_template"."language_exams"."min_score" < "tenant_template"."language_exams"."max_score"),
	CONSTRAINT "language_exams_validity_check" CHECK ("tenant_template"."language_exams"."validity_term" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."narrow_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"broad_field_id" uuid NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"author_id" uuid,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."passports" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"passport_no" varchar(20) NOT NULL,
	"passport_country" varchar(2) NOT NULL,
	"date_of_issue" date,
	"date_of_expiry" date,
	"place_of_issue" varchar(100) DEFAULT '' NOT NULL,
	"country_of_birth" varchar(2) NOT NULL,
	"nationality" varchar(2) NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."proficiencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"overall_score" numeric(5, 1) NOT NULL,
	"speaking_score" numeric(5, 1) NOT NULL,
	"reading_score" numeric(5, 1) NOT NULL,
	"listening_score" numeric(5, 1) NOT NULL,
	"writing_score" numeric(5, 1) NOT NULL,
	"test_date" date NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."profile_pictures" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"storage_key" text NOT NULL,
	"file_size" integer NOT NULL,
	"file_type" varchar(20) NOT NULL,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"course" varchar(100) NOT NULL,
	"institute" varchar(100) NOT NULL,
	"degree" varchar(100) NOT NULL,
	"field_of_study" varchar(100) NOT NULL,
	"enroll_date" date NOT NULL,
	"completion_date" date,
	"country" varchar(2) NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(255) NOT NULL,
	"remind_at" timestamp with time zone NOT NULL,
	"linked_entity_type" text,
	"linked_entity_id" uuid,
	"meta_info" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_id" uuid NOT NULL,
	"is_read" boolean DEFAULT false NOT NULL,
	"is_completed" boolean DEFAULT false NOT NULL,
	"notified_at" timestamp with time zone,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_link_check" CHECK (("tenant_template"."reminders"."linked_entity_type" is null) = ("tenant_template"."reminders"."linked_entity_id" is null))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."role_permissions" (
	"role" text PRIMARY KEY NOT NULL,
	"granted" text[] DEFAULT '{}'::text[] NOT NULL,
	"revoked" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_permissions_role_check" CHECK ("tenant_template"."role_permissions"."role" in ('COUNTRY_MANAGER','REGION_MANAGER','BRANCH_ADMIN','CONSULTANT'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."task_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"author_id" uuid,
	"text" text NOT NULL,
	"mentioned_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(200) NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"priority" text DEFAULT 'MEDIUM' NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"due_date" timestamp with time zone NOT NULL,
	"assigned_to_id" uuid,
	"branch_id" uuid,
	"assigned_by_id" uuid,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"linked_entity_type" text,
	"linked_entity_id" uuid,
	"client_id" uuid,
	"completed_at" timestamp with time zone,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_assignment_check" CHECK (not ("tenant_template"."tasks"."assigned_to_id" is not null and "tenant_template"."tasks"."branch_id" is not null)),
	CONSTRAINT "tasks_link_check" CHECK (("tenant_template"."tasks"."linked_entity_type" is null) = ("tenant_template"."tasks"."linked_entity_id" is null)),
	CONSTRAINT "tasks_priority_check" CHECK ("tenant_template"."tasks"."priority" in ('LOW','MEDIUM','HIGH','URGENT')),
	CONSTRAINT "tasks_status_check" CHECK ("tenant_template"."tasks"."status" in ('PENDING','IN_PROGRESS','COMPLETED','CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."visa_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"visa_type_id" uuid NOT NULL,
	"transaction_reference_no" varchar(150),
	"immigration_fee" numeric(12, 2) NOT NULL,
	"immigration_fee_currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"service_fee" numeric(12, 2) NOT NULL,
	"service_fee_currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"dependent" boolean DEFAULT false NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"assigned_to_id" uuid,
	"required_documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expiry_date" date,
	"date_applied" date,
	"date_opened" date,
	"final_date" date,
	"date_granted" date,
	"date_rejected" date,
	"date_withdrawn" date,
	"status" text DEFAULT 'TO_BE_APPLIED' NOT NULL,
	"created_by_id" uuid,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visa_applications_fees_check" CHECK ("tenant_template"."visa_applications"."immigration_fee" >= 0 and "tenant_template"."visa_applications"."service_fee" >= 0),
	CONSTRAINT "visa_applications_status_check" CHECK ("tenant_template"."visa_applications"."status" in ('TO_BE_APPLIED','VISA_APPLIED','CASE_OPENED','GRANTED','REJECTED','WITHDRAWN'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."visa_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"code" varchar(20),
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."visa_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visa_category_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"code" varchar(50) DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenant_template"."agents" ADD CONSTRAINT "agents_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."agents" ADD CONSTRAINT "agents_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."application_stages" ADD CONSTRAINT "application_stages_application_type_id_application_types_id_fk" FOREIGN KEY ("application_type_id") REFERENCES "tenant_template"."application_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."application_stages" ADD CONSTRAINT "application_stages_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."application_stages" ADD CONSTRAINT "application_stages_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."application_types" ADD CONSTRAINT "application_types_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."application_types" ADD CONSTRAINT "application_types_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."broad_fields" ADD CONSTRAINT "broad_fields_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."broad_fields" ADD CONSTRAINT "broad_fields_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."calendar_events" ADD CONSTRAINT "calendar_events_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."calendar_events" ADD CONSTRAINT "calendar_events_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "tenant_template"."branches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."calendar_events" ADD CONSTRAINT "calendar_events_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."calendar_events" ADD CONSTRAINT "calendar_events_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."client_activities" ADD CONSTRAINT "client_activities_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."client_activities" ADD CONSTRAINT "client_activities_performed_by_id_users_id_fk" FOREIGN KEY ("performed_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "tenant_template"."branches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_visa_category_id_visa_categories_id_fk" FOREIGN KEY ("visa_category_id") REFERENCES "tenant_template"."visa_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "tenant_template"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."clients" ADD CONSTRAINT "clients_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_application_type_id_application_types_id_fk" FOREIGN KEY ("application_type_id") REFERENCES "tenant_template"."application_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_stage_id_application_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "tenant_template"."application_stages"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "tenant_template"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_intake_id_institute_intakes_id_fk" FOREIGN KEY ("intake_id") REFERENCES "tenant_template"."institute_intakes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_location_id_institute_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "tenant_template"."institute_locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_super_agent_id_agents_id_fk" FOREIGN KEY ("super_agent_id") REFERENCES "tenant_template"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_sub_agent_id_agents_id_fk" FOREIGN KEY ("sub_agent_id") REFERENCES "tenant_template"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."college_applications" ADD CONSTRAINT "college_applications_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."course_levels" ADD CONSTRAINT "course_levels_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."course_levels" ADD CONSTRAINT "course_levels_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_level_id_course_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "tenant_template"."course_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_broad_field_id_broad_fields_id_fk" FOREIGN KEY ("broad_field_id") REFERENCES "tenant_template"."broad_fields"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_narrow_field_id_narrow_fields_id_fk" FOREIGN KEY ("narrow_field_id") REFERENCES "tenant_template"."narrow_fields"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."courses" ADD CONSTRAINT "courses_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."employments" ADD CONSTRAINT "employments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."employments" ADD CONSTRAINT "employments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."employments" ADD CONSTRAINT "employments_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_contacts" ADD CONSTRAINT "institute_contacts_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_contacts" ADD CONSTRAINT "institute_contacts_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_contacts" ADD CONSTRAINT "institute_contacts_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_intakes" ADD CONSTRAINT "institute_intakes_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_intakes" ADD CONSTRAINT "institute_intakes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_intakes" ADD CONSTRAINT "institute_intakes_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_locations" ADD CONSTRAINT "institute_locations_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_locations" ADD CONSTRAINT "institute_locations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_locations" ADD CONSTRAINT "institute_locations_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_requirements" ADD CONSTRAINT "institute_requirements_institute_id_institutes_id_fk" FOREIGN KEY ("institute_id") REFERENCES "tenant_template"."institutes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_requirements" ADD CONSTRAINT "institute_requirements_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institute_requirements" ADD CONSTRAINT "institute_requirements_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institutes" ADD CONSTRAINT "institutes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."institutes" ADD CONSTRAINT "institutes_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."narrow_fields" ADD CONSTRAINT "narrow_fields_broad_field_id_broad_fields_id_fk" FOREIGN KEY ("broad_field_id") REFERENCES "tenant_template"."broad_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."narrow_fields" ADD CONSTRAINT "narrow_fields_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."narrow_fields" ADD CONSTRAINT "narrow_fields_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."notes" ADD CONSTRAINT "notes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."notes" ADD CONSTRAINT "notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."passports" ADD CONSTRAINT "passports_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."passports" ADD CONSTRAINT "passports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."passports" ADD CONSTRAINT "passports_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."proficiencies" ADD CONSTRAINT "proficiencies_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."proficiencies" ADD CONSTRAINT "proficiencies_exam_id_language_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "tenant_template"."language_exams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."proficiencies" ADD CONSTRAINT "proficiencies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."proficiencies" ADD CONSTRAINT "proficiencies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."profile_pictures" ADD CONSTRAINT "profile_pictures_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."profile_pictures" ADD CONSTRAINT "profile_pictures_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."qualifications" ADD CONSTRAINT "qualifications_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."qualifications" ADD CONSTRAINT "qualifications_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."qualifications" ADD CONSTRAINT "qualifications_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."reminders" ADD CONSTRAINT "reminders_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "tenant_template"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."reminders" ADD CONSTRAINT "reminders_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."reminders" ADD CONSTRAINT "reminders_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."role_permissions" ADD CONSTRAINT "role_permissions_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."task_comments" ADD CONSTRAINT "task_comments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "tenant_template"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."task_comments" ADD CONSTRAINT "task_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."tasks" ADD CONSTRAINT "tasks_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."tasks" ADD CONSTRAINT "tasks_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "tenant_template"."branches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."tasks" ADD CONSTRAINT "tasks_assigned_by_id_users_id_fk" FOREIGN KEY ("assigned_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."tasks" ADD CONSTRAINT "tasks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."tasks" ADD CONSTRAINT "tasks_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_applications" ADD CONSTRAINT "visa_applications_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "tenant_template"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_applications" ADD CONSTRAINT "visa_applications_visa_type_id_visa_types_id_fk" FOREIGN KEY ("visa_type_id") REFERENCES "tenant_template"."visa_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_applications" ADD CONSTRAINT "visa_applications_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_applications" ADD CONSTRAINT "visa_applications_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_applications" ADD CONSTRAINT "visa_applications_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."visa_types" ADD CONSTRAINT "visa_types_visa_category_id_visa_categories_id_fk" FOREIGN KEY ("visa_category_id") REFERENCES "tenant_template"."visa_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_name_live_unique" ON "tenant_template"."agents" USING btree (lower("agent_name")) WHERE "tenant_template"."agents"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "agents_type_idx" ON "tenant_template"."agents" USING btree ("agent_type");--> statement-breakpoint
CREATE INDEX "agents_deleted_at_idx" ON "tenant_template"."agents" USING btree ("deleted_at");--> statement-breakpoint
CREATE INDEX "application_types_title_idx" ON "tenant_template"."application_types" USING btree ("title");--> statement-breakpoint
CREATE UNIQUE INDEX "broad_fields_name_live_unique" ON "tenant_template"."broad_fields" USING btree (lower("name")) WHERE "tenant_template"."broad_fields"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "calendar_events_assigned_to_idx" ON "tenant_template"."calendar_events" USING btree ("assigned_to_id","starts_at");--> statement-breakpoint
CREATE INDEX "calendar_events_branch_idx" ON "tenant_template"."calendar_events" USING btree ("branch_id","starts_at");--> statement-breakpoint
CREATE INDEX "calendar_events_range_idx" ON "tenant_template"."calendar_events" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "calendar_events_created_by_idx" ON "tenant_template"."calendar_events" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "client_activities_client_idx" ON "tenant_template"."client_activities" USING btree ("client_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "client_activities_performer_idx" ON "tenant_template"."client_activities" USING btree ("performed_by_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "client_activities_event_unique" ON "tenant_template"."client_activities" USING btree ("event_id","activity_type");--> statement-breakpoint
CREATE INDEX "clients_branch_created_idx" ON "tenant_template"."clients" USING btree ("branch_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "clients_created_idx" ON "tenant_template"."clients" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "clients_branch_stage_idx" ON "tenant_template"."clients" USING btree ("branch_id","stage");--> statement-breakpoint
CREATE INDEX "clients_assigned_to_idx" ON "tenant_template"."clients" USING btree ("assigned_to_id");--> statement-breakpoint
CREATE INDEX "clients_agent_idx" ON "tenant_template"."clients" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "clients_visa_category_idx" ON "tenant_template"."clients" USING btree ("visa_category_id");--> statement-breakpoint
CREATE INDEX "clients_email_idx" ON "tenant_template"."clients" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "clients_deleted_at_idx" ON "tenant_template"."clients" USING btree ("deleted_at");--> statement-breakpoint
CREATE INDEX "college_applications_client_idx" ON "tenant_template"."college_applications" USING btree ("client_id","stage_id");--> statement-breakpoint
CREATE INDEX "college_applications_type_stage_idx" ON "tenant_template"."college_applications" USING btree ("application_type_id","stage_id");--> statement-breakpoint
CREATE INDEX "college_applications_institute_idx" ON "tenant_template"."college_applications" USING btree ("institute_id");--> statement-breakpoint
CREATE INDEX "college_applications_intake_idx" ON "tenant_template"."college_applications" USING btree ("intake_id");--> statement-breakpoint
CREATE INDEX "college_applications_assigned_to_idx" ON "tenant_template"."college_applications" USING btree ("assigned_to_id");--> statement-breakpoint
CREATE INDEX "college_applications_created_idx" ON "tenant_template"."college_applications" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "college_applications_deleted_at_idx" ON "tenant_template"."college_applications" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "course_levels_name_live_unique" ON "tenant_template"."course_levels" USING btree (lower("name")) WHERE "tenant_template"."course_levels"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "courses_institute_idx" ON "tenant_template"."courses" USING btree ("institute_id","name");--> statement-breakpoint
CREATE INDEX "courses_level_idx" ON "tenant_template"."courses" USING btree ("level_id");--> statement-breakpoint
CREATE INDEX "courses_broad_field_idx" ON "tenant_template"."courses" USING btree ("broad_field_id");--> statement-breakpoint
CREATE INDEX "courses_narrow_field_idx" ON "tenant_template"."courses" USING btree ("narrow_field_id");--> statement-breakpoint
CREATE INDEX "employments_client_idx" ON "tenant_template"."employments" USING btree ("client_id","end_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "institute_contacts_institute_idx" ON "tenant_template"."institute_contacts" USING btree ("institute_id","name");--> statement-breakpoint
CREATE INDEX "institute_intakes_institute_idx" ON "tenant_template"."institute_intakes" USING btree ("institute_id","intake_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "institute_locations_institute_idx" ON "tenant_template"."institute_locations" USING btree ("institute_id","country","state");--> statement-breakpoint
CREATE INDEX "institute_requirements_institute_idx" ON "tenant_template"."institute_requirements" USING btree ("institute_id","requirement_type","title");--> statement-breakpoint
CREATE INDEX "institutes_name_idx" ON "tenant_template"."institutes" USING btree ("name");--> statement-breakpoint
CREATE INDEX "institutes_deleted_at_idx" ON "tenant_template"."institutes" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "language_exams_name_unique" ON "tenant_template"."language_exams" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "narrow_fields_name_live_unique" ON "tenant_template"."narrow_fields" USING btree ("broad_field_id",lower("name")) WHERE "tenant_template"."narrow_fields"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "notes_client_idx" ON "tenant_template"."notes" USING btree ("client_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notes_author_idx" ON "tenant_template"."notes" USING btree ("author_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "proficiencies_client_idx" ON "tenant_template"."proficiencies" USING btree ("client_id","test_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "proficiencies_exam_idx" ON "tenant_template"."proficiencies" USING btree ("exam_id");--> statement-breakpoint
CREATE INDEX "qualifications_client_idx" ON "tenant_template"."qualifications" USING btree ("client_id","completion_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reminders_owner_idx" ON "tenant_template"."reminders" USING btree ("owner_id","remind_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reminders_due_idx" ON "tenant_template"."reminders" USING btree ("remind_at") WHERE "tenant_template"."reminders"."notified_at" is null and not "tenant_template"."reminders"."is_completed";--> statement-breakpoint
CREATE INDEX "task_comments_task_idx" ON "tenant_template"."task_comments" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_assigned_to_idx" ON "tenant_template"."tasks" USING btree ("assigned_to_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tasks_branch_idx" ON "tenant_template"."tasks" USING btree ("branch_id","status");--> statement-breakpoint
CREATE INDEX "tasks_created_by_idx" ON "tenant_template"."tasks" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "tasks_status_due_idx" ON "tenant_template"."tasks" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "tasks_client_idx" ON "tenant_template"."tasks" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "tasks_linked_idx" ON "tenant_template"."tasks" USING btree ("linked_entity_type","linked_entity_id");--> statement-breakpoint
CREATE INDEX "visa_applications_client_idx" ON "tenant_template"."visa_applications" USING btree ("client_id","status");--> statement-breakpoint
CREATE INDEX "visa_applications_assigned_to_idx" ON "tenant_template"."visa_applications" USING btree ("assigned_to_id");--> statement-breakpoint
CREATE INDEX "visa_applications_status_idx" ON "tenant_template"."visa_applications" USING btree ("status","date_applied");--> statement-breakpoint
CREATE INDEX "visa_applications_type_idx" ON "tenant_template"."visa_applications" USING btree ("visa_type_id");--> statement-breakpoint
CREATE INDEX "visa_applications_created_idx" ON "tenant_template"."visa_applications" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "visa_categories_name_unique" ON "tenant_template"."visa_categories" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "visa_categories_code_unique" ON "tenant_template"."visa_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "visa_types_category_idx" ON "tenant_template"."visa_types" USING btree ("visa_category_id","name");