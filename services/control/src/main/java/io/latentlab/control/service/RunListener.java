package io.latentlab.control.service;

/** Told about one run's changes (the live dashboard's feed); called on the projection's thread, must not block. */
public interface RunListener {

    /** The whole run: on subscription and whenever its status or plan changes. */
    void run(RunDetail run);

    /** One job changed (started, new epoch, finished, failed, skipped). */
    void job(JobView job);
}
