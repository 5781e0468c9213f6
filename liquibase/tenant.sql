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
