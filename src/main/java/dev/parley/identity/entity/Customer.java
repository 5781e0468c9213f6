package dev.parley.identity.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One of a tenant's end users. A password is optional: staff may create customers who never log in. */
@Entity
@Table(name = "customers")
@NamedQuery(name = Customer.BY_EMAIL, query = "select c from Customer c where lower(c.email) = lower(:email)")
@NamedQuery(name = Customer.BY_PHONE, query = "select c from Customer c where c.phone = :phone")
@NamedQuery(name = Customer.ALL, query = "select c from Customer c order by c.id")
public class Customer extends TenantOwned {

    public static final String BY_EMAIL = "Customer.byEmail";
    public static final String BY_PHONE = "Customer.byPhone";
    public static final String ALL = "Customer.all";

    @Column(nullable = false)
    private String name;

    private String email;

    private String phone;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(nullable = false)
    private boolean active = true;

    protected Customer() {
    }

    public Customer(String name, String email, String phone, String passwordHash) {
        this.name = name;
        this.email = email;
        this.phone = phone;
        this.passwordHash = passwordHash;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
}
