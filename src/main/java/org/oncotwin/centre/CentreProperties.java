package org.oncotwin.centre;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The centre network as configured in {@code application.yml} under {@code oncotwin}. Each centre can be overridden
 * by environment, e.g. {@code ONCOTWIN_CENTRES_LEIPZIG_FHIRBASEURL}.
 */
@Validated
@ConfigurationProperties(prefix = "oncotwin")
public record CentreProperties(
        @NotBlank String coordinatingCentre,
        @NotEmpty Map<String, @Valid CentreEntry> centres) {

    public CentreProperties {
        centres = centres == null ? Map.of() : new LinkedHashMap<>(centres);
    }

    /**
     * @param modalities what the centre offers (modality code, e.g. {@code radiotherapy}) and its current waiting
     *                   time in days
     * @param notifications how OncoTwin learns that the centre changed a referral Task: {@code subscription} (the
     *                   centre notifies over a websocket OncoTwin opens; a slow safety poll stays), {@code rest-hook}
     *                   (the centre sends each changed Task to OncoTwin's {@code /centre-notifications/<id>}; a slow
     *                   safety poll stays) or {@code poll} (the default: every
     *                   {@code oncotwin.referrals.poll-interval})
     * @param websocketUrl the centre's subscription websocket; default: the FHIR base URL's host with path
     *                   {@code /websocket} (HAPI FHIR's endpoint), {@code ws} for {@code http}, {@code wss} for
     *                   {@code https}
     * @param notificationSecret for {@code rest-hook}: the bearer token the centre's Subscription sends with each
     *                   notification (from the environment); notifications without it are refused
     */
    public record CentreEntry(
            @NotBlank String name,
            @NotBlank String fhirBaseUrl,
            String country,
            FhirAuth auth,
            Tls tls,
            Map<String, ModalityOffer> modalities,
            Notifications notifications,
            String websocketUrl,
            String notificationSecret) {

        public CentreEntry {
            auth = auth == null ? new FhirAuth(FhirAuth.Type.NONE, null, null, null, null, null, null, null) : auth;
            modalities = modalities == null ? Map.of() : Map.copyOf(modalities);
            notifications = notifications == null ? Notifications.POLL : notifications;
        }
    }

    public enum Notifications { SUBSCRIPTION, REST_HOOK, POLL }

    public record ModalityOffer(int waitingDays) {
    }

    /**
     * How OncoTwin authenticates to a centre's FHIR server. Secrets come from the environment only.
     * <ul>
     *   <li>{@code NONE}; {@code BASIC}: {@code username}, {@code password};</li>
     *   <li>{@code BEARER}: a fixed {@code bearerToken};</li>
     *   <li>{@code OAUTH2}: a bearer token obtained by the client credentials grant from {@code tokenUrl} with
     *       {@code clientId}, {@code clientSecret} and optional {@code scope}, renewed before it expires.</li>
     * </ul>
     */
    public record FhirAuth(Type type, String username, String password, String bearerToken, String tokenUrl,
                           String clientId, String clientSecret, String scope) {
        public enum Type { NONE, BASIC, BEARER, OAUTH2 }

        public FhirAuth {
            type = type == null ? Type.NONE : type;
        }
    }

    /**
     * Mutual TLS to a centre: OncoTwin's client certificate ({@code keyStore}, PKCS#12) and the certificates it
     * trusts for the centre ({@code trustStore}, PKCS#12; default: the JVM's). Paths are files; passwords come from
     * the environment.
     */
    public record Tls(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {
    }
}
