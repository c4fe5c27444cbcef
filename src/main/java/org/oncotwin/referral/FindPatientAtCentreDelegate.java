package org.oncotwin.referral;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep, before the referral is written: looks for the patient among the receiving centre's
 * own records ({@link PatientMatching}). A probable match leads to the coordinator's Confirm identity task.
 */
@Component("findPatientAtCentre")
class FindPatientAtCentreDelegate implements JavaDelegate {

    private final PatientMatching matching;

    FindPatientAtCentreDelegate(PatientMatching matching) {
        this.matching = matching;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PatientDetails patient = PathwayVariables.patient(execution);
        IdentityMatch match = matching.find(TreatmentStepVariables.receivingCentre(execution), patient,
                PathwayVariables.coordinatingCentre(execution));
        TreatmentStepVariables.identityFound(execution, match.grade(), match.patientId(),
                match.candidates().stream().map(IdentityMatch.Candidate::patientId).toList(),
                comparison(patient, match.candidates()));
    }

    /** The referred patient and the probable records side by side, as a Markdown table. */
    static String comparison(PatientDetails patient, List<IdentityMatch.Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "";
        }
        var rows = new ArrayList<String>();
        var header = new StringBuilder("| | Referred patient");
        var rule = new StringBuilder("|---|---");
        for (int i = 0; i < candidates.size(); i++) {
            header.append(" | Record ").append(i + 1).append(" (").append(cell(candidates.get(i).patientId()))
                    .append(")");
            rule.append("|---");
        }
        rows.add(header.append(" |").toString());
        rows.add(rule.append("|").toString());
        rows.add(row("Name", patient.givenName() + " " + patient.familyName(), candidates,
                IdentityMatch.Candidate::name));
        rows.add(row("Birth date", patient.birthDate() == null ? "" : patient.birthDate().toString(), candidates,
                IdentityMatch.Candidate::birthDate));
        rows.add(row("Sex", patient.gender() == null ? "not recorded" : patient.gender().toCode(), candidates,
                IdentityMatch.Candidate::gender));
        rows.add(row("Identifiers", patient.mrn() == null ? "" : "MRN " + patient.mrn(), candidates,
                IdentityMatch.Candidate::identifiers));
        rows.add(row("Address", "", candidates, IdentityMatch.Candidate::address));
        rows.add(row("Why alike", "", candidates, IdentityMatch.Candidate::why));
        return String.join("\n", rows);
    }

    private static String row(String label, String ours, List<IdentityMatch.Candidate> candidates,
                              java.util.function.Function<IdentityMatch.Candidate, String> value) {
        var row = new StringBuilder("| ").append(label).append(" | ").append(cell(ours));
        candidates.forEach(candidate -> row.append(" | ").append(cell(value.apply(candidate))));
        return row.append(" |").toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "/").replace("\n", " ");
    }
}
