package io.latentlab.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** report.json: the contract later tools read. */
public record Report(
        String runId,
        String profile,
        JsonNode request,
        DatasetSummary dataset,
        List<ReportRow> rows,
        List<ReportRow> overall,
        List<PictureRef> pictures,
        String codeVersion,
        String startedAt,
        String finishedAt) {

    public record DatasetSummary(String sha256, int train, int val, int test) {
    }
}
