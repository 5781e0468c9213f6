package dev.parley.identity.control;

import dev.parley.identity.entity.Customer;
import dev.parley.identity.entity.User;

/** What a successful login or refresh hands out: tokens and the account they belong to (user or customer). */
public record Session(String accessToken, long expiresInSeconds, String refreshToken, User user, Customer customer) {
}
