package io.latentlab.control.rest;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** Requests with the tokens the test profile configures (latentlab.api.token / read-token). */
final class Api {

    private Api() {
    }

    static String writeToken() {
        return ConfigProvider.getConfig().getValue("latentlab.api.token", String.class);
    }

    static String readToken() {
        return ConfigProvider.getConfig().getValue("latentlab.api.read-token", String.class);
    }

    /** A request with the write token: may start, cancel and retry runs. */
    static RequestSpecification writer() {
        return given().auth().oauth2(writeToken());
    }

    /** A request with the read-only token. */
    static RequestSpecification reader() {
        return given().auth().oauth2(readToken());
    }
}
