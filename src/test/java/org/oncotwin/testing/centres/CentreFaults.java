package org.oncotwin.testing.centres;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Faults a test can switch on at a centre's FHIR server: answer every request with an error, fail a transaction
 * half-way (after some resources were stored, before commit), answer transactions with a malformed body, with a
 * resource of an unexpected type, or refuse their data (422); or answer slowly.
 */
@Interceptor
public class CentreFaults {

    public enum Mode {
        NONE, ERROR_ON_EVERY_REQUEST, FAIL_WHEN_STORING_TASK, MALFORMED_BODY, UNEXPECTED_RESOURCE_TYPE,
        REFUSE_AS_INVALID
    }

    private volatile Mode mode = Mode.NONE;
    private volatile Duration delay = Duration.ZERO;

    public void set(Mode mode) {
        this.mode = mode;
    }

    public void delayEveryRequest(Duration delay) {
        this.delay = delay;
    }

    public void clear() {
        mode = Mode.NONE;
        delay = Duration.ZERO;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean beforeRequest(HttpServletRequest request, HttpServletResponse response)
            throws InterruptedException, IOException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        Mode now = mode;
        if (now == Mode.MALFORMED_BODY || now == Mode.UNEXPECTED_RESOURCE_TYPE || now == Mode.REFUSE_AS_INVALID) {
            // bad answers to what OncoTwin writes (its transactions); its searches before a write get real answers
            boolean transaction = "POST".equals(request.getMethod())
                    && request.getRequestURI().replaceAll("/+$", "").endsWith("/fhir");
            now = transaction ? now : Mode.NONE;
        }
        switch (now) {
            case ERROR_ON_EVERY_REQUEST -> throw new InternalErrorException("Injected fault: centre server unavailable");
            case REFUSE_AS_INVALID -> throw new UnprocessableEntityException(
                    "Injected fault: the centre refuses this data");
            case MALFORMED_BODY -> {
                answer(response, "{\"resourceType\": \"Bundle\", \"type\": \"transaction-response\", \"entry\": [");
                return false;
            }
            case UNEXPECTED_RESOURCE_TYPE -> {
                answer(response, "{\"resourceType\": \"Patient\", \"id\": \"unexpected\"}");
                return false;
            }
            default -> {
            }
        }
        return true;
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setStatus(200);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write(body);
        response.getWriter().flush();
    }

    Object storageHooks() {
        return new StorageHooks();
    }

    @Interceptor
    public class StorageHooks {
        @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
        public void beforeCommit(IBaseResource resource) {
            if (mode == Mode.FAIL_WHEN_STORING_TASK && "Task".equals(resource.fhirType())) {
                throw new InternalErrorException("Injected fault: storing the Task failed");
            }
        }
    }
}
