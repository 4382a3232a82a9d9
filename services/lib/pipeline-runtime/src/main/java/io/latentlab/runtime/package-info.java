/**
 * pipeline-runtime: the Quarkus wiring the five pipeline stages (data-prep, noise-injector, reducer-trainer,
 * classifier-trainer, evaluator) share — Kafka channels and dead letters ({@code messaging}), job leases, the
 * ledger, pulses and failures ({@code jobs}), health checks, lifecycle, provenance and data loading.
 *
 * <p>May depend on it: the five stages only. Control and the model server take the store from pipeline-store
 * without the stages' job machinery; the launcher uses pipeline-kit. It depends on pipeline-store, ml-core and
 * Quarkus extensions.
 */
package io.latentlab.runtime;
