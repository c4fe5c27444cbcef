package org.oncotwin.pathway;

import java.util.List;
import org.oncotwin.centre.Modality;

/**
 * What the multidisciplinary tumour board decided: the diagnosis (ICD-10), clinical TNM, ECOG performance status and
 * the treatment steps, in order.
 */
public record TumourBoardDecision(String icd10Code, String diagnosisText, String tnmT, String tnmN, String tnmM,
                                  Integer ecog, List<Modality> steps) {
}
