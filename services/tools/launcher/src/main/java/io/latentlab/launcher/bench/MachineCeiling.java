package io.latentlab.launcher.bench;

import java.util.Optional;

/**
 * What this machine allows a study's schedule: the run's trainings priced at the calibration's per-epoch cost
 * with every core training ({@code usefulAlongside}) against alone on one core ({@code usefulAlone}).
 * {@code ceiling} = usefulAlone / usefulAlongside is the pipeline efficiency of a perfect schedule here (every
 * core training from the request to the report, nothing else running); {@code efficiencyAgainstCeiling} =
 * usefulAlongside / (wall x cores) is the run's efficiency on that scale, i.e. what the pipeline itself
 * loses, in overheads, idle cores and order. The two are measured back to back, so the machine's drift between
 * the run and the calibration moves both alike and the ratio, not the absolute figure, is the one to trust.
 */
public record MachineCeiling(int trainingsAtOnce, double usefulAlone, double usefulAlongside, double ceiling,
                             double efficiencyAgainstCeiling) {

    static Optional<MachineCeiling> of(RunHistory run, StudyJobs jobs, Calibration calibration, StudyFigures figures) {
        if (calibration.alongside().isEmpty()) {
            return Optional.empty();
        }
        double alongside = StudyFigures.usefulSeconds(run, jobs, calibration.alongside());
        if (alongside <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MachineCeiling(calibration.partners() + 1, figures.usefulSeconds(), alongside,
                figures.usefulSeconds() / alongside, alongside / (figures.wallSeconds() * figures.cores())));
    }
}
