package org.oncotwin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OncoTwinApplication {

    public static void main(String[] args) {
        SpringApplication.run(OncoTwinApplication.class, args);
    }
}
