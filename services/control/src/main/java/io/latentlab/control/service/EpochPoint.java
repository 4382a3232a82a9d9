package io.latentlab.control.service;

/** One point of a job's learning curve. */
public record EpochPoint(int epoch, double loss, double valLoss) {
}
