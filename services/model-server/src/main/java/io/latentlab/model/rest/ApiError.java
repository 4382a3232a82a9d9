package io.latentlab.model.rest;

/** The body of every 4xx/5xx answer (the control API's shape). */
public record ApiError(int status, String error) {
}
