package dev.parley.identity.control;

import dev.parley.identity.entity.Customer;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.RefreshToken;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.User;
import dev.parley.metrics.ParleyMetrics;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Logins of staff and customers, and token refresh. Every failure answers the
 * same {@code 401 invalid_credentials} whatever was wrong (unknown tenant,
 * unknown account, wrong password, inactive account), takes as long as a
 * password check, and counts against the account and the client address.
 *
 * <p>Not transactional: the tenant is found first, then the account is read
 * and the refresh token written as that tenant, each in its own transaction.
 */
@ApplicationScoped
public class Logins {

    @Inject
    TenantDirectory tenants;

    @Inject
    CrossTenantLookup lookup;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Inject
    PasswordHashing passwords;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    TokenIssuer tokens;

    @Inject
    LoginThrottle throttle;

    @Inject
    ParleyMetrics metrics;

    /**
     * Staff login by email. {@code tenantReference} is needed only when the
     * email has accounts in several tenants and the password opens more than one.
     */
    public Session staffLogin(String email, String password, String tenantReference, String address) {
        return sessionFor(authenticateStaff(email, password, tenantReference, address));
    }

    /** The staff account that {@code email} and {@code password} open; see {@link #staffLogin}. */
    public User authenticateStaff(String email, String password, String tenantReference, String address) {
        String account = "user:" + email.trim().toLowerCase();
        checkThrottle(account, address);
        List<UUID> candidates = new ArrayList<>(lookup.tenantsWithStaffEmail(email.trim()));
        candidates.removeIf(id -> tenants.find(id).filter(Tenant::isActive).isEmpty());
        if (tenantReference != null && !tenantReference.isBlank()) {
            Optional<Tenant> named = tenants.find(tenantReference);
            candidates.removeIf(id -> named.isEmpty() || !named.get().getId().equals(id));
        }
        if (candidates.isEmpty()) {
            passwords.verifyDecoy(password);
        }
        List<User> matches = new ArrayList<>();
        for (UUID tenant : candidates) {
            CurrentTenant.call(tenant, () -> users.findByEmail(email))
                    .filter(user -> user.isActive() && passwords.verify(password, user.getPasswordHash()))
                    .ifPresent(matches::add);
        }
        if (matches.isEmpty()) {
            failed(account, address);
            throw invalidCredentials();
        }
        if (matches.size() > 1) {
            throw ApiException.conflict("tenant_required",
                    "This account exists in several tenants: name one in the 'tenant' field");
        }
        throttle.recordSuccess(account);
        return matches.get(0);
    }

    /** Refuses a login while the account or the address is locked out. */
    private void checkThrottle(String account, String address) {
        try {
            throttle.check(account, address);
        } catch (ApiException locked) {
            metrics.loginThrottled();
            throw locked;
        }
    }

    private void failed(String account, String address) {
        throttle.recordFailure(account, address);
        metrics.loginFailed();
    }

    /** Customer login by email or phone, within the tenant named. */
    public Session customerLogin(String tenantReference, String email, String phone, String password, String address) {
        String identifier = email != null && !email.isBlank() ? email.trim().toLowerCase() : String.valueOf(phone).trim();
        Optional<Tenant> tenant = tenants.find(tenantReference).filter(Tenant::isActive);
        // Keyed by tenant id, so naming the tenant by slug or id counts alike.
        String account = "customer:" + tenant.map(t -> t.getId().toString()).orElse(tenantReference) + ":" + identifier;
        checkThrottle(account, address);
        Optional<Customer> customer = tenant.flatMap(t -> CurrentTenant.call(t.getId(), () ->
                email != null && !email.isBlank() ? customers.findByEmail(email) : customers.findByPhone(phone)));
        boolean valid = customer.isPresent()
                ? customer.get().isActive() && passwords.verify(password, customer.get().getPasswordHash())
                : decoy(password);
        if (!valid) {
            failed(account, address);
            throw invalidCredentials();
        }
        throttle.recordSuccess(account);
        return sessionFor(customer.get());
    }

    /** Self-registration of a customer, where the tenant allows it; answers the new customer's session. */
    public Session registerCustomer(String tenantReference, String name, String email, String phone, String password) {
        tokens.requireCanIssue();
        Tenant tenant = tenants.find(tenantReference).filter(Tenant::isActive)
                .orElseThrow(() -> new ApiException(404, "unknown_tenant", "No tenant named " + tenantReference));
        if (!tenant.isCustomerRegistration()) {
            throw ApiException.forbidden("registration_disabled", "This tenant does not allow customers to register");
        }
        return sessionFor(CurrentTenant.call(tenant.getId(), () -> customers.create(name, email, phone, password)));
    }

    /** A new session for the account a refresh token belongs to; the token is spent. */
    public Session refresh(String refreshToken) {
        tokens.requireCanIssue(); // before the refresh token is spent
        UUID tenant = lookup.tenantOfRefreshToken(Secrets.sha256(refreshToken))
                .filter(id -> tenants.find(id).filter(Tenant::isActive).isPresent())
                .orElseThrow(Logins::invalidRefreshToken);
        return CurrentTenant.call(tenant, () -> {
            RefreshToken spent = refreshTokens.consume(refreshToken).orElseThrow(Logins::invalidRefreshToken);
            if (spent.getParticipantType() == ParticipantType.user) {
                User user = users.get(spent.getParticipantId());
                if (!user.isActive()) {
                    throw invalidRefreshToken();
                }
                return sessionFor(user);
            }
            Customer customer = customers.get(spent.getParticipantId());
            if (!customer.isActive()) {
                throw invalidRefreshToken();
            }
            return sessionFor(customer);
        });
    }

    /** Ends a session: its refresh token can no longer be used. Unknown tokens are ignored. */
    public void logout(String refreshToken) {
        lookup.tenantOfRefreshToken(Secrets.sha256(refreshToken))
                .ifPresent(tenant -> CurrentTenant.run(tenant, () -> refreshTokens.consume(refreshToken)));
    }

    /** An access token alone, for clients that never refresh (the sync dashboards). */
    public String accessTokenFor(User user, Map<String, Object> extraClaims) {
        return tokens.issue(user.getTenantId(), ParticipantType.user, user.getId(), user.getEmail(), user.getName(),
                user.getRole(), extraClaims);
    }

    /** Fails with 503 before anything is stored when this Parley cannot issue tokens. */
    public void requireCanIssueTokens() {
        tokens.requireCanIssue();
    }

    public Session sessionFor(User user) {
        return sessionFor(user, Map.of());
    }

    public Session sessionFor(User user, Map<String, Object> extraClaims) {
        return CurrentTenant.call(user.getTenantId(), () -> new Session(
                tokens.issue(user.getTenantId(), ParticipantType.user, user.getId(), user.getEmail(), user.getName(),
                        user.getRole(), extraClaims),
                tokens.accessTokenLifetime().toSeconds(),
                refreshTokens.issue(ParticipantType.user, user.getId()),
                user, null));
    }

    public Session sessionFor(Customer customer) {
        String upn = customer.getEmail() != null ? customer.getEmail() : "customer:" + customer.getId();
        return CurrentTenant.call(customer.getTenantId(), () -> new Session(
                tokens.issue(customer.getTenantId(), ParticipantType.customer, customer.getId(), upn,
                        customer.getName(), Role.customer, Map.of()),
                tokens.accessTokenLifetime().toSeconds(),
                refreshTokens.issue(ParticipantType.customer, customer.getId()),
                null, customer));
    }

    private boolean decoy(String password) {
        passwords.verifyDecoy(password);
        return false;
    }

    private static ApiException invalidCredentials() {
        return new ApiException(401, "invalid_credentials", "Invalid credentials");
    }

    private static ApiException invalidRefreshToken() {
        return new ApiException(401, "invalid_refresh_token", "The refresh token is invalid, expired or already used");
    }
}
