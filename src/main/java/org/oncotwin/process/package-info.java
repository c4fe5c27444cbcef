/**
 * The process contract: what the BPMN models in {@code processes/} and the Java code agree on. Process keys, the
 * activity ids the code needs, message names, BPMN error codes, input-parameter and variable names, and typed
 * facades ({@link org.oncotwin.process.PathwayVariables}, {@link org.oncotwin.process.TreatmentStepVariables},
 * {@link org.oncotwin.process.InputParameters}) that are the only place where a variable's value is read and cast,
 * and that carry the rules about the order in which variables are written.
 *
 * <p>This package depends on no feature package; every feature may depend on it (checked by
 * {@code ArchitectureTest}).
 */
package org.oncotwin.process;
