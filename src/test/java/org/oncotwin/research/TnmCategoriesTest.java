package org.oncotwin.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TnmCategoriesTest {

    @Test
    void recordedValuesAreReducedToTheirCategory() {
        assertThat(TnmCategories.category("cT2a")).isEqualTo("T2A");
        assertThat(TnmCategories.category("ypN1mi")).isEqualTo("N1MI");
        assertThat(TnmCategories.category("Tis")).isEqualTo("TIS");
        assertThat(TnmCategories.category("pM0")).isEqualTo("M0");
        assertThat(TnmCategories.category("NX")).isEqualTo("NX");
        assertThat(TnmCategories.category("Grade 2")).isNull();
        assertThat(TnmCategories.category(null)).isNull();
    }

    @Test
    void questionsAreCheckedAgainstTheShippedCategories() {
        List<String> problems = new ArrayList<>();
        var tnm = new TnmCategories();
        assertThat(tnm.normalised('T', "pT2", problems)).isEqualTo("T2");
        assertThat(tnm.normalised('N', "n1", problems)).isEqualTo("N1");
        assertThat(tnm.normalised('T', "T9", problems)).isNull();
        assertThat(tnm.normalised('M', "N1", problems)).isNull();
        assertThat(problems).hasSize(2);
    }
}
