package org.oncotwin.security;

import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.springframework.stereotype.Component;

/**
 * Camunda's engine REST API, with one change: a request the engine refuses as bad user input from inside a listener
 * (e.g. a form submission that fails the server-side check) answers 400 with its message, not 500 — the engine wraps
 * exceptions thrown in task listeners.
 */
@Component
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

    @Override
    protected void registerCamundaRestResources() {
        registerClasses(CamundaRestResources.getResourceClasses());
        registerClasses(CamundaRestResources.getConfigurationClasses().stream()
                .filter(type -> type != ProcessEngineExceptionHandler.class && type != RestExceptionHandler.class)
                .collect(Collectors.toSet()));
        register(JacksonFeature.class);
        register(BadUserRequestAwareEngineExceptionHandler.class);
        register(BadUserRequestAwareRestExceptionHandler.class);
    }

    /** The bad user request an exception was caused by, if any. */
    static BadUserRequestException badUserRequestCause(Throwable exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BadUserRequestException badRequest) {
                return badRequest;
            }
        }
        return null;
    }

    public static class BadUserRequestAwareEngineExceptionHandler extends ProcessEngineExceptionHandler {

        @Override
        public Response toResponse(ProcessEngineException exception) {
            BadUserRequestException badRequest = badUserRequestCause(exception);
            return badRequest != null ? ExceptionHandlerHelper.getInstance().getResponse(badRequest)
                    : super.toResponse(exception);
        }
    }

    /** The task resource turns any engine exception on complete into a 500 RestException; a bad request stays 400. */
    public static class BadUserRequestAwareRestExceptionHandler extends RestExceptionHandler {

        @Override
        public Response toResponse(RestException exception) {
            BadUserRequestException badRequest = badUserRequestCause(exception);
            return badRequest != null ? ExceptionHandlerHelper.getInstance().getResponse(badRequest)
                    : super.toResponse(exception);
        }
    }
}
