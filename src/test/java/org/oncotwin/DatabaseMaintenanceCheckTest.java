package org.oncotwin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class DatabaseMaintenanceCheckTest {

    @Test
    void aPostgreSqlWithAutovacuumOffIsReported() throws Exception {
        assertThat(new DatabaseMaintenanceCheck(postgres("off")).autovacuumOff()).isTrue();
        assertThat(new DatabaseMaintenanceCheck(postgres("on")).autovacuumOff()).isFalse();
    }

    @Test
    void otherDatabasesAreNotAsked() {
        var h2 = new DriverManagerDataSource("jdbc:h2:mem:maintenance-check", "sa", "");
        assertThat(new DatabaseMaintenanceCheck(h2).autovacuumOff()).isFalse();
    }

    private static DataSource postgres(String autovacuum) throws Exception {
        DataSource dataSource = mock(DataSource.class);
        Connection connection = mock(Connection.class, RETURNS_DEEP_STUBS);
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.getMetaData().getDatabaseProductName()).thenReturn("PostgreSQL");
        ResultSet result = mock(ResultSet.class);
        ResultSetMetaData columns = mock(ResultSetMetaData.class);
        when(columns.getColumnCount()).thenReturn(1);
        when(result.getMetaData()).thenReturn(columns);
        when(result.next()).thenReturn(true, false);
        when(result.getString(1)).thenReturn(autovacuum);
        when(result.getObject(1)).thenReturn(autovacuum);
        when(connection.createStatement().executeQuery("show autovacuum")).thenReturn(result);
        return dataSource;
    }
}
