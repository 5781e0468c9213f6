package dev.parley.platform;

import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A failure at commit arrives as a {@link TransactionalException}, for which Jersey has a mapper of its
 * own that is chosen before {@link ErrorMapper} and fails (a 500, whatever the cause): this one, as
 * specific, answers as {@link ErrorMapper} does, by the cause (a value PostgreSQL cannot store is a 400,
 * an outage a 503).
 */
@Provider
public class TransactionalErrorMapper implements ExceptionMapper<TransactionalException> {

    private final ErrorMapper errors = new ErrorMapper();

    @Override
    public Response toResponse(TransactionalException failure) {
        return errors.toResponse(failure);
    }
}
