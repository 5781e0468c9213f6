package dev.parley.identity.control;

import dev.parley.identity.entity.Customer;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The current tenant's customers. */
@ApplicationScoped
@Transactional
public class CustomerAccounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @Inject
    RefreshTokens refreshTokens;

    public Customer create(String name, String email, String phone, String password) {
        String cleanEmail = blankToNull(email);
        String cleanPhone = blankToNull(phone);
        if (cleanEmail != null && findByEmail(cleanEmail).isPresent()) {
            throw ApiException.conflict("email_taken", "A customer with this email already exists in this tenant");
        }
        if (cleanPhone != null && findByPhone(cleanPhone).isPresent()) {
            throw ApiException.conflict("phone_taken", "A customer with this phone already exists in this tenant");
        }
        Customer customer = new Customer(name.trim(), cleanEmail, cleanPhone,
                password == null ? null : passwords.hash(password));
        em.persist(customer);
        return customer;
    }

    public Optional<Customer> findByEmail(String email) {
        return em.createNamedQuery(Customer.BY_EMAIL, Customer.class)
                .setParameter("email", email.trim())
                .getResultStream().findFirst();
    }

    public Optional<Customer> findByPhone(String phone) {
        return em.createNamedQuery(Customer.BY_PHONE, Customer.class)
                .setParameter("phone", phone.trim())
                .getResultStream().findFirst();
    }

    public List<Customer> list() {
        return em.createNamedQuery(Customer.ALL, Customer.class).getResultList();
    }

    public Customer get(long id) {
        Customer customer = em.find(Customer.class, id);
        if (customer == null) {
            throw ApiException.notFound("Customer");
        }
        return customer;
    }

    public Customer update(long id, String name, String email, String phone, Boolean active) {
        Customer customer = get(id);
        if (name != null) {
            customer.setName(name.trim());
        }
        String cleanEmail = blankToNull(email);
        if (cleanEmail != null && !cleanEmail.equalsIgnoreCase(customer.getEmail())) {
            if (findByEmail(cleanEmail).isPresent()) {
                throw ApiException.conflict("email_taken", "A customer with this email already exists in this tenant");
            }
            customer.setEmail(cleanEmail);
        }
        String cleanPhone = blankToNull(phone);
        if (cleanPhone != null && !cleanPhone.equals(customer.getPhone())) {
            if (findByPhone(cleanPhone).isPresent()) {
                throw ApiException.conflict("phone_taken", "A customer with this phone already exists in this tenant");
            }
            customer.setPhone(cleanPhone);
        }
        if (active != null && active != customer.isActive()) {
            customer.setActive(active);
            if (!active) {
                refreshTokens.revokeAll(ParticipantType.customer, customer.getId());
            }
        }
        return customer;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
