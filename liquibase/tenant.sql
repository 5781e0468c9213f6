--liquibase formatted sql

--changeset parley:2026-11-22-tenant-1
CREATE TABLE tenants (
    id                    uuid PRIMARY KEY,
    slug                  varchar(64)  NOT NULL,
    name                  varchar(200) NOT NULL,
    status                varchar(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    anonymous_access      boolean      NOT NULL DEFAULT false,
    customer_registration boolean      NOT NULL DEFAULT false,
    created_at            timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);
--rollback DROP TABLE tenants;

--changeset parley:2026-12-05-tenant-2
-- The assistant that answers the tenant's website visitors (docs/assistant.md).
ALTER TABLE tenants
    ADD COLUMN assistant_mode         varchar(16)   NOT NULL DEFAULT 'builtin' CHECK (assistant_mode IN ('builtin', 'remote', 'off')),
    ADD COLUMN assistant_name         varchar(100),
    ADD COLUMN assistant_greeting     varchar(1000),
    ADD COLUMN assistant_instructions varchar(4000),
    -- The PostgreSQL text search configuration the knowledge base is searched with.
    ADD COLUMN assistant_language     varchar(64)   NOT NULL DEFAULT 'english';
--rollback ALTER TABLE tenants DROP COLUMN assistant_mode, DROP COLUMN assistant_name, DROP COLUMN assistant_greeting, DROP COLUMN assistant_instructions, DROP COLUMN assistant_language;
