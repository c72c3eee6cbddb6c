/** A new process: start → one user task → end, with the Tongban namespace declared. */
export function newDiagram(key = 'new-process', name = '新流程'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:tb="urn:tongban:bpmn" id="Definitions_${key}" targetNamespace="urn:tongban:console">
  <bpmn:process id="${key}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" name="收件"><bpmn:outgoing>flow-1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="flow-1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="审查" tb:step="review" tb:candidateRoles="handler" tb:candidateDepartments="=department" tb:outcomes="pass,fail" tb:timeLimit="2WD">
      <bpmn:incoming>flow-1</bpmn:incoming><bpmn:outgoing>flow-2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="flow-2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" name="办结"><bpmn:incoming>flow-2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="142" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="250" y="120" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="422" y="142" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="flow-1_di" bpmnElement="flow-1"><di:waypoint x="188" y="160" /><di:waypoint x="250" y="160" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="flow-2_di" bpmnElement="flow-2"><di:waypoint x="350" y="160" /><di:waypoint x="422" y="160" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
