package org.oncotwin.twin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.fhir.References;

/**
 * The entries of an import too large for one transaction, cut into parts that can each be written as a transaction
 * of their own: a resource is written in the same part as the entries it refers to or after them (so that its
 * references can name what the centre already holds), and resources that refer to each other in a circle stay in
 * one part. Parts hold at most {@code maxPart} entries, except for such a circle larger than that.
 */
final class ImportParts {

    private ImportParts() {
    }

    static List<List<ImportPlan.Entry>> of(List<ImportPlan.Entry> entries, int maxPart) {
        List<List<ImportPlan.Entry>> parts = new ArrayList<>();
        List<ImportPlan.Entry> part = new ArrayList<>();
        for (List<ImportPlan.Entry> together : referencedFirst(entries)) {
            if (!part.isEmpty() && part.size() + together.size() > maxPart) {
                parts.add(part);
                part = new ArrayList<>();
            }
            part.addAll(together);
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /**
     * The entries in groups that refer to each other in a circle (strongly connected components, Tarjan's algorithm
     * without recursion, as a long chain of references would overflow the stack), each group after the groups it
     * refers to.
     */
    private static List<List<ImportPlan.Entry>> referencedFirst(List<ImportPlan.Entry> entries) {
        Map<String, Integer> byPlaceholder = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byPlaceholder.put(entries.get(i).placeholder(), i);
        }
        int[][] refersTo = new int[entries.size()][];
        for (int i = 0; i < entries.size(); i++) {
            refersTo[i] = References.in(entries.get(i).resource()).stream().map(Reference::getReference)
                    .map(byPlaceholder::get).filter(target -> target != null).mapToInt(Integer::intValue)
                    .distinct().toArray();
        }
        int[] index = new int[entries.size()];
        int[] lowest = new int[entries.size()];
        boolean[] onStack = new boolean[entries.size()];
        java.util.Arrays.fill(index, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        List<List<ImportPlan.Entry>> groups = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < entries.size(); start++) {
            if (index[start] >= 0) {
                continue;
            }
            // each frame: the entry and how many of its references were followed
            Deque<int[]> frames = new ArrayDeque<>();
            frames.push(new int[] {start, 0});
            index[start] = lowest[start] = next++;
            stack.push(start);
            onStack[start] = true;
            while (!frames.isEmpty()) {
                int[] frame = frames.peek();
                int v = frame[0];
                if (frame[1] < refersTo[v].length) {
                    int w = refersTo[v][frame[1]++];
                    if (index[w] < 0) {
                        index[w] = lowest[w] = next++;
                        stack.push(w);
                        onStack[w] = true;
                        frames.push(new int[] {w, 0});
                    } else if (onStack[w]) {
                        lowest[v] = Math.min(lowest[v], index[w]);
                    }
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    int parent = frames.peek()[0];
                    lowest[parent] = Math.min(lowest[parent], lowest[v]);
                }
                if (lowest[v] == index[v]) {
                    List<ImportPlan.Entry> group = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack[w] = false;
                        group.add(entries.get(w));
                    } while (w != v);
                    group.sort((a, b) -> Integer.compare(a.index(), b.index()));
                    groups.add(group);
                }
            }
        }
        return groups;
    }
}
