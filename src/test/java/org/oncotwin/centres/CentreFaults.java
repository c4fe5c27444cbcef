package org.oncotwin.centres;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Faults a test can switch on at a centre's FHIR server: answer every request with an error, fail a transaction
 * half-way (after some resources were stored, before commit), or answer slowly.
 */
@Interceptor
public class CentreFaults {

    public enum Mode { NONE, ERROR_ON_EVERY_REQUEST, FAIL_WHEN_STORING_TASK }

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
    public boolean beforeRequest() throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        if (mode == Mode.ERROR_ON_EVERY_REQUEST) {
            throw new InternalErrorException("Injected fault: centre server unavailable");
        }
        return true;
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
