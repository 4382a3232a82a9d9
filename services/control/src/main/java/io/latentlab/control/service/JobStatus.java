package io.latentlab.control.service;

public enum JobStatus {
    RUNNING, FINISHED, FAILED, SKIPPED
}
