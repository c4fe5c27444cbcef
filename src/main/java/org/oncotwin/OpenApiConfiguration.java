package org.oncotwin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description of OncoTwin's own API ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}). */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI oncoTwinApi() {
        return new OpenAPI()
                .info(new Info().title("OncoTwin API").version("1")
                        .description("Start and steer cancer care pathways across centres, track referrals, read the "
                                + "patient twin, record the patient's consents and their withdrawal, and the pathway dashboard's figures. Errors are RFC 9457 problem "
                                + "details. Log in with HTTP basic (a Camunda user); see docs/security.md for roles."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
