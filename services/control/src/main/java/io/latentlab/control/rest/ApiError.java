package io.latentlab.control.rest;

/** The body of every 4xx/5xx answer of the API. */
public record ApiError(int status, String error) {
}
